/**
 * Turns content events into queued webhook deliveries, inside the transaction of the change
 * (so a change that rolls back sends nothing, and a receiver that calls back on receipt sees
 * the new content). Per endpoint, events join the delivery still waiting to go out — the
 * coalescing window restarts with each change, capped a minute after the first — or start a
 * new one; a delivery already on its way is left alone, so changes made meanwhile collapse
 * into exactly one follow-up.
 *
 * A change writes only delivery rows, never a queued job: moving a job's start here would lock
 * job rows after delivery rows, while the runner locks job rows first (a deadlock on
 * PostgreSQL under load). The window moves in the delivery's `sendAt`; a job that wakes before
 * it queues the delivery again for then (collections/webhooks/runDelivery.ts).
 */
import type { PayloadRequest, Where } from 'payload'

import { randomUUID } from 'node:crypto'

import type { ChangedItem } from '../../src/webhooks/events'

import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../../collections/slugs'
import { MAX_HOLD_MS, sendAt } from '../../src/webhooks/coalesce'
import { wants } from '../../src/webhooks/events'

export const DELIVER_TASK = 'deliverWebhook' as const
/** Deliveries have a queue and a runner of their own (collections/webhooks/deliveryRunner.ts). */
export const DELIVERY_QUEUE = 'webhooks'

type Endpoint = { coalesceSeconds?: null | number; events?: null | string[]; id: number | string; mode?: null | string }
type Pending = { eventTypes?: unknown; firstChangeAt?: null | string; id: number | string; items?: unknown }

const itemKey = (item: ChangedItem) => `${item.type}|${item.collection}|${item.id}`

/**
 * Items for the same event on the same document become one, listing the cache tags of every
 * change. On MongoDB merges append raw items (see mergeIntoPendingMongo), so deliveries merge
 * again when they are sent.
 */
export function mergeItems(items: ChangedItem[]): ChangedItem[] {
  const merged = new Map<string, ChangedItem>()
  for (const item of items) {
    const earlier = merged.get(itemKey(item))
    const { cacheTags: own = [], ...rest } = item
    const cacheTags = [...new Set([...(earlier?.cacheTags ?? []), ...own])]
    // Without the cache-tags plugin there are none, and items say nothing about them.
    merged.set(itemKey(item), { ...rest, ...(cacheTags.length > 0 ? { cacheTags } : {}) })
  }
  return [...merged.values()]
}

export const defaultCoalesceSeconds = (mode: null | string | undefined) => (mode === 'deploy' ? 10 : 0)

/** Queues a delivery job for `delivery`, to run at `at`, one at a time per endpoint. */
export async function queueDeliveryJob(req: PayloadRequest, delivery: number | string, webhook: number | string, at: Date) {
  const job = await req.payload.jobs.queue({
    input: { delivery: String(delivery), webhook: String(webhook) },
    queue: DELIVERY_QUEUE,
    req,
    task: DELIVER_TASK,
    waitUntil: at,
  })
  return String(job.id)
}

/**
 * Bookkeeping on a delivery (its job, status, attempts) is written at the database level:
 * it is the system's own record, with nothing for hooks or validation to add.
 */
export async function noteDelivery(req: PayloadRequest, id: number | string, data: Record<string, unknown>): Promise<void> {
  await req.payload.db.updateOne({ collection: WEBHOOK_DELIVERIES, data, id, req })
}

/**
 * Writes `data` to a delivery only if its status is still one of `statuses` (and it matches
 * `also`), checked by the database in the same statement, and returns the row as written (null
 * when it no longer matched). On PostgreSQL the row then stays locked until the caller's transaction ends, so
 * a merge and the runner's claim of the same delivery take turns instead of overlapping.
 */
export async function updateDeliveryIf(req: PayloadRequest, id: number | string, statuses: string[], data: Record<string, unknown>, also?: Where) {
  return (await req.payload.db.updateOne({
    collection: WEBHOOK_DELIVERIES,
    data,
    // The SQL adapters only run a `where` in the UPDATE itself when asked to (MongoDB's
    // findOneAndUpdate always does).
    options: req.payload.db.name === 'mongoose' ? {} : { atomic: true },
    req,
    where: { and: [{ id: { equals: id } }, { status: { in: statuses } }, ...(also ? [also] : [])] },
  })) as unknown as null | Pending
}

/**
 * A delivery still gathering changes has the time of its first one (for the 60 s cap). Test
 * events and redeliveries have none: a redelivery goes out under a webhook-id its receiver may
 * already have handled and skip, so nothing new may join it. Nor may anything join a delivery
 * long past its cap: one stuck (its job lost) must not swallow an endpoint's changes for good.
 */
const gathering = (now: number): Where => ({ firstChangeAt: { greater_than: new Date(now - 2 * MAX_HOLD_MS).toISOString() } })

export async function queueDeliveries(req: PayloadRequest, items: ChangedItem[]): Promise<void> {
  if (items.length === 0 || !req.payload.collections[WEBHOOKS]) return
  const { docs: endpoints } = (await req.payload.find({
    collection: WEBHOOKS,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    where: { active: { equals: true } },
  })) as unknown as { docs: Endpoint[] }
  const now = Date.now()
  for (const endpoint of endpoints) {
    const wanted = items.filter((item) => wants(endpoint.events, item.type))
    if (wanted.length === 0) continue
    const coalesceSeconds = endpoint.coalesceSeconds ?? defaultCoalesceSeconds(endpoint.mode)
    const { docs } = (await req.payload.find({
      collection: WEBHOOK_DELIVERIES,
      depth: 0,
      limit: 1,
      overrideAccess: true,
      pagination: false,
      req,
      where: { and: [{ webhook: { equals: endpoint.id } }, { status: { equals: 'pending' } }, gathering(now)] },
    })) as unknown as { docs: Pending[] }
    if (docs[0] && req.payload.db.name === 'mongoose') {
      const firstChangeAt = new Date(docs[0].firstChangeAt ?? now).getTime()
      const at = new Date(sendAt({ coalesceSeconds, firstChangeAt, now }))
      if (await mergeIntoPendingMongo(req, docs[0].id, wanted, at, now)) continue
    }
    // Re-read under the row lock: another publish may have merged into it, or the runner may
    // have claimed it (then it is on its way and these items need a delivery of their own).
    const pending = docs[0] && req.payload.db.name !== 'mongoose' && (await updateDeliveryIf(req, docs[0].id, ['pending'], { status: 'pending' }, gathering(now)))
    if (pending) {
      const eventTypes = [...new Set([...(pending.eventTypes as string[]), ...wanted.map((item) => item.type)])]
      const at = new Date(sendAt({ coalesceSeconds, firstChangeAt: new Date(pending.firstChangeAt ?? now).getTime(), now }))
      // The debounce: the window moves; the waiting job follows it when it wakes.
      await noteDelivery(req, pending.id, { eventTypes, items: mergeItems([...(pending.items as ChangedItem[]), ...wanted]), sendAt: at.toISOString() })
      continue
    }
    const at = new Date(sendAt({ coalesceSeconds, firstChangeAt: now, now }))
    const delivery = await req.payload.create({
      collection: WEBHOOK_DELIVERIES,
      data: {
        eventTypes: [...new Set(wanted.map((item) => item.type))],
        firstChangeAt: new Date(now).toISOString(),
        items: mergeItems(wanted),
        sendAt: at.toISOString(),
        status: 'pending',
        webhook: endpoint.id as number,
        messageId: `msg_${randomUUID()}`,
      },
      overrideAccess: true,
      req,
    })
    const job = await queueDeliveryJob(req, delivery.id, endpoint.id, at)
    await noteDelivery(req, delivery.id, { job })
  }
}

/**
 * The MongoDB merge, one conditional update: it applies only while the delivery is still
 * pending and gathering, and appends rather than rewrites, so two publishes merging at once
 * both land and a runner's claim in between (status `sending`) makes it miss instead of
 * writing items that would never be sent.
 */
export function mongoMerge(id: number | string, items: ChangedItem[], at: Date, now: number) {
  return {
    filter: { _id: id, firstChangeAt: { $gt: new Date(now - 2 * MAX_HOLD_MS) }, status: 'pending' },
    update: {
      $addToSet: { eventTypes: { $each: [...new Set(items.map((item) => item.type))] } },
      $push: { items: { $each: items } },
      $set: { sendAt: at, updatedAt: new Date(now) },
    },
  }
}

type MongoModels = { collections: Record<string, { findOneAndUpdate: (filter: object, update: object, options: object) => Promise<unknown> }>; sessions: Record<string, unknown> }

async function mergeIntoPendingMongo(req: PayloadRequest, id: number | string, items: ChangedItem[], at: Date, now: number): Promise<boolean> {
  const db = req.payload.db as unknown as MongoModels
  const transaction = req.transactionID instanceof Promise ? await req.transactionID : req.transactionID
  const session = transaction === undefined ? undefined : db.sessions[transaction]
  const { filter, update } = mongoMerge(id, items, at, now)
  const merged = await db.collections[WEBHOOK_DELIVERIES]!.findOneAndUpdate(filter, update, { lean: true, new: true, session })
  return merged !== null
}
