/**
 * Runs the webhook deliveries' queue. Payload's autoRun starts a pass only once the previous one
 * has ended (croner's `protect`), and a pass ends with its slowest job: one receiver taking its
 * full 15 s would hold every other endpoint's deliveries — and scheduled publishing — that long.
 * Deliveries therefore have a queue of their own, and a new pass over it starts every second
 * while earlier ones still wait on slow receivers. Deliveries to one endpoint still go one at a
 * time: a pass skips jobs whose concurrency key (the endpoint) is already running.
 */
import type { Payload } from 'payload'

import { Cron } from 'croner'

import { DELIVERY_QUEUE } from '../../hooks/contentEvents/queueDeliveries'
import { abortDeliveries } from './runDelivery'

/** Passes waiting on slow receivers at once; past this, a second is skipped. */
const MAX_OVERLAPPING_PASSES = 5
/** How long shutdown waits for passes to record how their jobs ended. */
const PASSES_WAIT_MS = 3_000

const passesOf = new WeakMap<Payload, Set<Promise<unknown>>>()

/** The runner's timer; Payload keeps it with its own crons, so they stop together. */
export function startDeliveryRunner(payload: Payload): Cron {
  const passes = new Set<Promise<unknown>>()
  passesOf.set(payload, passes)
  return new Cron('* * * * * *', () => {
    if (passes.size >= MAX_OVERLAPPING_PASSES) return
    const pass: Promise<unknown> = payload.jobs
      .run({ limit: 10, queue: DELIVERY_QUEUE })
      .catch((err: unknown) => payload.logger.error({ err, msg: 'Webhook delivery pass failed' }))
      .finally(() => passes.delete(pass))
    passes.add(pass)
  })
}

/** Shutdown: deliveries in flight are aborted (and queued again), then their passes finish. */
export async function stopDeliveries(payload: Payload): Promise<void> {
  await abortDeliveries(payload)
  const passes = passesOf.get(payload)
  if (!passes?.size) return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([Promise.allSettled([...passes]), new Promise((resolve) => (timer = setTimeout(resolve, PASSES_WAIT_MS)))])
  clearTimeout(timer)
}
