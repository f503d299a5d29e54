/**
 * The delivery task: sign, send, log the attempt, then done — or a retry queued for later,
 * or the delivery given up (dead) after about a day, or the endpoint disabled when it answers
 * 410 Gone. Retries are queued by this task, not by the Jobs Queue's own retry, so the wait
 * can follow the receiver's Retry-After.
 */
import type { Payload, PayloadRequest, TaskConfig, Where } from 'payload'

import type { ChangedItem } from '../../src/webhooks/events'

import { deliver } from '../../src/webhooks/deliver'
import { nextRetryDelay, parseRetryAfter } from '../../src/webhooks/retrySchedule'
import { deliveryHeaders } from '../../src/webhooks/signDelivery'
import { DELIVER_TASK, mergeItems, noteDelivery, queueDeliveryJob, updateDeliveryIf } from '../../hooks/contentEvents/queueDeliveries'
import { jobLeaseSeconds } from '../../src/jobs/abandonedJobs'
import { relationId } from '../../src/utilities/relationId'
import { settleWithin } from '../../src/utilities/settleWithin'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../slugs'

/** A delivery's body stays under this many bytes; past it, items are cut and `truncated` says so. */
export const MAX_BODY_BYTES = 20_000

type Delivery = {
  attempts?: unknown
  eventTypes?: unknown
  id: number | string
  items?: unknown
  status?: null | string
  webhook: { id: number | string } | number | string
  messageId: string
}
type Endpoint = {
  active?: boolean | null
  headers?: { name: string; value: string }[] | null
  id: number | string
  mode?: null | string
  previousSecret?: null | string
  previousSecretExpiresAt?: null | string
  secret?: null | string
  url: string
}

/** `{ type, timestamp, data }`: one type when the delivery carries one kind of event. */
export function deliveryBody(eventTypes: string[], items: unknown[], at: Date): string {
  const type = eventTypes.length === 1 ? eventTypes[0] : 'content.changed'
  let kept = items
  for (;;) {
    const truncated = kept.length < items.length
    const body = JSON.stringify({ data: { events: eventTypes, items: kept, ...(truncated ? { itemCount: items.length, truncated } : {}) }, timestamp: at.toISOString(), type })
    if (Buffer.byteLength(body) <= MAX_BODY_BYTES || kept.length === 0) return body
    kept = kept.slice(0, Math.floor(kept.length / 2))
  }
}

/**
 * Deliveries running in this process, per Payload: on shutdown they are aborted, and their
 * records written (a retry under the same webhook-id) before the database closes.
 */
const flights = new WeakMap<Payload, { controller: AbortController; running: Set<Promise<void>> }>()

function flightsOf(payload: Payload) {
  let entry = flights.get(payload)
  if (!entry) flights.set(payload, (entry = { controller: new AbortController(), running: new Set() }))
  return entry
}

/** Aborts the deliveries in flight and waits (at most `waitMs`) until each has recorded its retry. */
export async function abortDeliveries(payload: Payload, waitMs = 3_000): Promise<void> {
  // Made if need be: a delivery whose job is already being picked up must see the abort too.
  const entry = flightsOf(payload)
  entry.controller.abort()
  await settleWithin(entry.running, waitMs)
}

/**
 * A job woke before its delivery was due: the coalescing window moved on since it was queued
 * (changes kept coming), or another run holds the delivery (its claim runs until `sendAt`).
 * It is queued again for then — after a crash, that is when the claim lapses and it goes again.
 * Nothing to do for a delivery sent, given up, or already waiting for a retry meanwhile.
 */
async function queueAgainWhenDue(req: PayloadRequest, deliveryId: number | string, webhook: number | string, now: Date): Promise<void> {
  const delivery = (await req.payload.db.findOne({ collection: WEBHOOK_DELIVERIES, req, where: { id: { equals: deliveryId } } })) as null | { sendAt?: null | string; status?: null | string }
  if (delivery?.status !== 'pending' && delivery?.status !== 'sending') return
  // Due by now (it became due between the claim and this read): queued for at once. The job is
  // not noted on the delivery: publishes may be merging into it (MongoDB would refuse one of
  // the two writes), and the job's input names the delivery anyway.
  await queueDeliveryJob(req, deliveryId, webhook, new Date(Math.max(now.getTime(), new Date(delivery.sendAt ?? now).getTime())))
}

export async function runDelivery(req: PayloadRequest, deliveryId: number | string, webhook: number | string, signal?: AbortSignal): Promise<void> {
  const now = new Date()
  // Claimed in one statement, once due: from here on no publish merges into this delivery, so
  // the items read are the items sent. The claim holds for the job lease (in `sendAt`), so no
  // other run takes it meanwhile — a second server that picked up the same job, say; once it
  // lapses, a run cut short by a crash can be taken again.
  const due: Where = { or: [{ sendAt: { exists: false } }, { sendAt: { less_than_equal: now.toISOString() } }] }
  const claim = { sendAt: new Date(now.getTime() + jobLeaseSeconds() * 1000).toISOString(), status: 'sending' }
  const delivery = (await updateDeliveryIf(req, deliveryId, ['pending', 'failed', 'sending'], claim, due)) as unknown as Delivery | null
  if (!delivery) return queueAgainWhenDue(req, deliveryId, webhook, now)
  const endpointId = relationId(delivery.webhook)
  const endpoint =
    endpointId === undefined
      ? null
      : ((await req.payload.findByID({ collection: WEBHOOKS, depth: 0, disableErrors: true, id: endpointId, overrideAccess: true, req })) as Endpoint | null)
  const earlier = (Array.isArray(delivery.attempts) ? delivery.attempts : []) as { at: string }[]
  // `sendAt` says when it went (or, for a retry, will go again); no longer the claim's end.
  const record = (data: Record<string, unknown>) => noteDelivery(req, delivery.id, { sendAt: now.toISOString(), ...data })
  if (!endpoint?.active || !endpoint.secret) {
    await record({ attempts: [...earlier, { at: now.toISOString(), durationMs: 0, error: 'The endpoint is disabled or gone.' }], status: 'failed' })
    return
  }

  const secrets = [endpoint.secret]
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt) > now) secrets.push(endpoint.previousSecret)
  const body = endpoint.mode === 'deploy' ? '' : deliveryBody((delivery.eventTypes as string[]) ?? [], mergeItems((delivery.items as ChangedItem[]) ?? []), now)
  const custom = Object.fromEntries((endpoint.headers ?? []).map(({ name, value }) => [name, value]))
  const attempt = await deliver(endpoint.url, { ...custom, ...deliveryHeaders(delivery.messageId, body, secrets, now) }, body, { signal })
  const attempts = [...earlier, { at: now.toISOString(), durationMs: attempt.durationMs, error: attempt.error, response: attempt.response, statusCode: attempt.statusCode }]
  const status = attempt.statusCode ?? 0

  if (status >= 200 && status < 300) {
    await record({ attempts, status: 'succeeded' })
    return
  }
  if (status === 410) {
    await req.payload.update({
      collection: WEBHOOKS,
      data: { active: false, disabledReason: `Answered 410 Gone on ${now.toISOString()}; turn it back on once the receiver is back.` },
      id: endpoint.id,
      overrideAccess: true,
      req,
    })
    await record({ attempts, status: 'dead' })
    return
  }
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(attempt.retryAfter, now.getTime()) : undefined
  // Cut short by a shutdown: the next runner to start (this server's next life, or another
  // process) sends it again at once.
  const delay = attempt.aborted
    ? 0
    : nextRetryDelay({ attempt: attempts.length, firstAttemptAt: new Date(attempts[0]!.at ?? now).getTime(), now: now.getTime(), retryAfterMs })
  if (delay === undefined) {
    await record({ attempts, status: 'dead' })
    return
  }
  const job = await queueDeliveryJob(req, delivery.id, endpoint.id, new Date(now.getTime() + delay))
  await record({ attempts, job, sendAt: new Date(now.getTime() + delay).toISOString(), status: 'failed' })
}

export const deliverWebhookTask: TaskConfig = {
  // One delivery at a time per endpoint; different endpoints in parallel.
  concurrency: { exclusive: true, key: ({ input }) => `webhook:${(input as { webhook?: string }).webhook}` },
  handler: async ({ input, req }) => {
    const { delivery, webhook } = input as { delivery: string; webhook: string }
    const { controller, running } = flightsOf(req.payload)
    if (controller.signal.aborted) {
      // Picked up while shutting down: leave it to the next runner.
      await queueDeliveryJob(req, delivery, webhook, new Date())
      return { output: {} }
    }
    const run = runDelivery(req, delivery, webhook, controller.signal)
    running.add(run)
    try {
      await run
    } finally {
      running.delete(run)
    }
    return { output: {} }
  },
  inputSchema: [
    { name: 'delivery', type: 'text', required: true },
    { name: 'webhook', type: 'text', required: true },
  ],
  // Failed attempts are retried by the task itself (above), on the receiver's terms. Payload's
  // retries are for errors the task did not expect (the database briefly away): the same
  // delivery again, under the same webhook-id, rather than a job failed for good.
  retries: { attempts: 5, backoff: { delay: 2_000, type: 'exponential' } },
  slug: DELIVER_TASK,
}
