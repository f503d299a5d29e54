/**
 * The signatures table as the confirmation emails' outbox: a row with no `confirmationSentAt`,
 * no `confirmationHeldAt` (held back by ./confirmationCap) and no `confirmationFailedAt` (refused
 * for good by the mail server) still needs its email. A sender claims rows before sending, in one conditional statement, so
 * two senders (two server processes, or a nudge and the sweep) never take the same row: on
 * PostgreSQL the second UPDATE waits for the first's row locks and then re-checks the condition,
 * which no longer holds; SQLite runs one writer at a time. A claim lapses after the lease, so a
 * row whose sender died (or whose SMTP server refused it) is sent later by someone else.
 *
 * Written in SQL on SQLite and PostgreSQL because Payload's bulk update reads the matching rows
 * first and writes them one by one, which two senders can both do; MongoDB gets the same claim
 * from `findOneAndUpdate`, one row at a time.
 */
import type { Payload } from 'payload'

import { type SQL, sql } from '@payloadcms/db-sqlite/drizzle'

import { SIGNATURES } from '../../slugs'

export type ClaimedSignature = { consent: boolean; email: string; id: number | string; name: null | string; petition: number | string }

// The drizzle tables are built at runtime from the collection configs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any
type DrizzleAdapter = { drizzle: Any; execute: (args: { db: Any; sql: SQL }) => Promise<{ rows: Record<string, unknown>[] }>; tables: Record<string, Any> }
type MongoAdapter = { collections: Record<string, Any> }

const isMongo = (payload: Payload) => payload.db.name === 'mongoose'

/** Claims up to `limit` rows whose email is still to be sent and not claimed by a live sender. */
export async function claimUnsent(payload: Payload, limit: number, leaseSeconds: number): Promise<ClaimedSignature[]> {
  const now = new Date()
  const lapsed = new Date(now.getTime() - leaseSeconds * 1000)
  if (isMongo(payload)) return claimUnsentMongo(payload, limit, now, lapsed)
  const adapter = payload.db as unknown as DrizzleAdapter
  const t = adapter.tables[SIGNATURES]
  const claimable = sql`${t.confirmationSentAt} is null and ${t.confirmationHeldAt} is null and ${t.confirmationFailedAt} is null and (${t.confirmationClaimedAt} is null or ${t.confirmationClaimedAt} < ${lapsed.toISOString()})`
  const { rows } = await adapter.execute({
    db: adapter.drizzle,
    sql: sql`update ${t} set ${sql.identifier(t.confirmationClaimedAt.name)} = ${now.toISOString()}
      where ${t.id} in (select ${t.id} from ${t} where ${claimable} order by ${t.id} limit ${limit}) and ${claimable}
      returning ${t.id} as "id", ${t.email} as "email", ${t.name} as "name", ${t.petition} as "petition", ${t.consent} as "consent"`,
  })
  return rows.map((row) => ({
    consent: row.consent === true || row.consent === 1,
    email: String(row.email),
    id: row.id as number | string,
    name: (row.name as null | string) ?? null,
    petition: row.petition as number | string,
  }))
}

async function claimUnsentMongo(payload: Payload, limit: number, now: Date, lapsed: Date): Promise<ClaimedSignature[]> {
  const model = (payload.db as unknown as MongoAdapter).collections[SIGNATURES]
  const claimed: ClaimedSignature[] = []
  while (claimed.length < limit) {
    const doc = await model
      .findOneAndUpdate(
        { $or: [{ confirmationClaimedAt: null }, { confirmationClaimedAt: { $lt: lapsed } }], confirmationFailedAt: null, confirmationHeldAt: null, confirmationSentAt: null },
        { $set: { confirmationClaimedAt: now } },
        // Outbox bookkeeping, not an edit: updatedAt stays (as on SQL, where these writes skip it).
        { lean: true, new: true, sort: { _id: 1 }, timestamps: false },
      )
      .exec()
    if (!doc) break
    claimed.push({ consent: doc.consent === true, email: String(doc.email), id: String(doc._id), name: doc.name ?? null, petition: String(doc.petition) })
  }
  return claimed
}

/** Records that claimed rows' emails went out (and drops their claims). */
export const markSent = (payload: Payload, ids: (number | string)[]): Promise<void> => markDone(payload, ids, 'confirmationSentAt')

/** Records that claimed rows' emails were held back by the cap, never to be sent (and drops their claims). */
export const markHeld = (payload: Payload, ids: (number | string)[]): Promise<void> => markDone(payload, ids, 'confirmationHeldAt')

/** Records that the mail server refused claimed rows' emails for good (and drops their claims): never tried again. */
export const markFailed = (payload: Payload, ids: (number | string)[]): Promise<void> => markDone(payload, ids, 'confirmationFailedAt')

async function markDone(payload: Payload, ids: (number | string)[], field: 'confirmationFailedAt' | 'confirmationHeldAt' | 'confirmationSentAt'): Promise<void> {
  if (ids.length === 0) return
  const now = new Date()
  if (isMongo(payload)) {
    const model = (payload.db as unknown as MongoAdapter).collections[SIGNATURES]
    await model.updateMany({ _id: { $in: ids } }, { $set: { confirmationClaimedAt: null, [field]: now } }, { timestamps: false }).exec()
    return
  }
  const adapter = payload.db as unknown as DrizzleAdapter
  const t = adapter.tables[SIGNATURES]
  await adapter.execute({
    db: adapter.drizzle,
    sql: sql`update ${t} set ${sql.identifier(t[field].name)} = ${now.toISOString()}, ${sql.identifier(t.confirmationClaimedAt.name)} = null where ${t.id} in (${idList(ids)})`,
  })
}

const idList = (ids: (number | string)[]) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )

/** Gives claimed rows back unsent, for the next pass of any sender. */
export async function releaseClaims(payload: Payload, ids: (number | string)[]): Promise<void> {
  if (ids.length === 0) return
  if (isMongo(payload)) {
    const model = (payload.db as unknown as MongoAdapter).collections[SIGNATURES]
    await model.updateMany({ _id: { $in: ids }, confirmationSentAt: null }, { $set: { confirmationClaimedAt: null } }, { timestamps: false }).exec()
    return
  }
  const adapter = payload.db as unknown as DrizzleAdapter
  const t = adapter.tables[SIGNATURES]
  await adapter.execute({
    db: adapter.drizzle,
    sql: sql`update ${t} set ${sql.identifier(t.confirmationClaimedAt.name)} = null where ${t.id} in (${idList(ids)}) and ${t.confirmationSentAt} is null`,
  })
}
