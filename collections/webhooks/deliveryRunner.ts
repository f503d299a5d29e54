/**
 * Runs the webhook deliveries' queue. Payload's autoRun starts a pass only once the previous one
 * has ended (croner's `protect`), and a pass ends with its slowest job: one receiver taking its
 * full 15 s would hold every other endpoint's deliveries — and scheduled publishing — that long.
 * So deliveries have a queue of their own, and this runner keeps one pass per endpoint: each
 * second it looks for endpoints with a due delivery and starts a pass for each that has none
 * running in this process. A pass takes only its endpoint's jobs, so passes never contend for
 * the same rows, a slow receiver holds up only its own endpoint, and deliveries to one endpoint
 * still go one at a time: Payload's concurrency key, and across servers, whose pickups can
 * race, the delivery's claim (runDelivery.ts).
 */
import type { Payload } from 'payload'

import { Cron } from 'croner'

import { DELIVERY_QUEUE } from '../../hooks/contentEvents/queueDeliveries'
import { settleWithin } from '../../src/utilities/settleWithin'
import { abortDeliveries } from './runDelivery'

/** Deliveries a pass sends back to back before it lets the next tick look again. */
const DELIVERIES_PER_PASS = 20
/** How long shutdown waits for passes to record how their deliveries ended. */
const PASSES_WAIT_MS = 3_000

type Runner = { cron: Cron; passes: Map<string, Promise<void>> }
const runners = new WeakMap<Payload, Runner>()

/** Endpoints (concurrency keys) with a delivery due now and nothing of theirs running. */
async function endpointsDue(payload: Payload): Promise<string[]> {
  const { docs } = await payload.db.find({
    collection: 'payload-jobs',
    limit: 0,
    pagination: false,
    req: { transactionID: undefined },
    select: { concurrencyKey: true },
    // The conditions Payload's runner picks jobs by.
    where: {
      and: [
        { queue: { equals: DELIVERY_QUEUE } },
        { processing: { equals: false } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
        { or: [{ waitUntil: { exists: false } }, { waitUntil: { less_than: new Date().toISOString() } }] },
      ],
    },
  })
  return [...new Set(docs.map((doc) => (doc as { concurrencyKey?: null | string }).concurrencyKey).filter((key): key is string => !!key))]
}

async function runEndpoint(payload: Payload, runner: Runner, key: string): Promise<void> {
  for (let sent = 0; sent < DELIVERIES_PER_PASS && !runner.cron.isStopped(); sent++) {
    const result = await payload.jobs.run({ limit: 1, queue: DELIVERY_QUEUE, silent: { info: true }, where: { concurrencyKey: { equals: key } } })
    if (result.noJobsRemaining) return
  }
}

/** The runner's timer; Payload keeps it with its own crons, so they stop together. */
export function startDeliveryRunner(payload: Payload): Cron {
  const passes = new Map<string, Promise<void>>()
  const cron: Cron = new Cron(
    '* * * * * *',
    { catch: (err) => payload.logger.error({ err, msg: 'Webhook delivery runner failed' }), protect: true },
    async () => {
      for (const key of await endpointsDue(payload)) {
        if (passes.has(key) || cron.isStopped()) continue
        const pass = runEndpoint(payload, runner, key)
          .catch((err: unknown) => payload.logger.error({ err, msg: `Webhook delivery pass for ${key} failed` }))
          .finally(() => passes.delete(key))
        passes.set(key, pass)
      }
    },
  )
  const runner: Runner = { cron, passes }
  runners.set(payload, runner)
  return cron
}

/** Shutdown: deliveries in flight are aborted (and queued again), then their passes finish. */
export async function stopDeliveries(payload: Payload): Promise<void> {
  runners.get(payload)?.cron.stop()
  await abortDeliveries(payload)
  await settleWithin(runners.get(payload)?.passes.values() ?? [], PASSES_WAIT_MS)
}
