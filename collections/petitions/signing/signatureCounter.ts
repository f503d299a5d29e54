/**
 * The petition's `signatureCount` is a stored counter, moved only by increments in the same
 * transaction as the signature rows they count: signing's batches (./signatureBatches) and any
 * signature created, moved or deleted through Payload (../hooks/keepSignatureCount). Reading a
 * count is then one row, not a COUNT(*) over every signer.
 *
 * The increments are written below Payload's update (no hooks, no version, no `updatedAt`
 * change, no read-cache generation): a signature changes the count, not the petition.
 */
import type { Payload, PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-sqlite'

import { PETITIONS } from '../../slugs'

/** Drizzle's view of a Payload SQL adapter (SQLite and PostgreSQL alike), as far as signing needs it. */
export type SqlAdapter = {
  beginTransaction: () => Promise<null | number | string>
  commitTransaction: (id: number | string) => Promise<void>
  drizzle: SqlSession
  rollbackTransaction: (id: number | string) => Promise<void>
  sessions: Record<number | string, { db: SqlSession } | undefined>
  tableNameMap: Map<string, string>
  tables: Record<string, Record<string, unknown>>
}
/** A drizzle database or transaction; typed loosely because SQLite's and PostgreSQL's differ. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlSession = any

/** Mongoose's view of the MongoDB adapter, as far as signing needs it. */
export type MongoAdapter = {
  beginTransaction: () => Promise<null | number | string>
  collections: Record<string, MongoModel>
  commitTransaction: (id: number | string) => Promise<void>
  rollbackTransaction: (id: number | string) => Promise<void>
  sessions: Record<number | string, unknown>
}
export type MongoModel = {
  find: (filter: Record<string, unknown>, projection: Record<string, unknown>, options: Record<string, unknown>) => Promise<unknown[]>
  insertMany: (docs: Record<string, unknown>[], options: Record<string, unknown>) => Promise<{ _id: unknown }[]>
  updateOne: (filter: Record<string, unknown>, update: Record<string, unknown>, options: Record<string, unknown>) => Promise<unknown>
}

export const isMongo = (payload: Payload): boolean => payload.db.name === 'mongoose'

export function sqlTable(payload: Payload, slug: string): Record<string, unknown> {
  const db = payload.db as unknown as SqlAdapter
  return db.tables[db.tableNameMap.get(slug.replace(/-/g, '_')) ?? slug]!
}

/**
 * Adds each delta to its petition's counter, inside `session` (a drizzle transaction on SQL, a
 * client session on MongoDB; undefined outside a transaction).
 */
export async function addToSignatureCounts(payload: Payload, deltas: Map<number | string, number>, session: unknown): Promise<void> {
  for (const [petition, delta] of deltas) {
    if (delta === 0) continue
    if (isMongo(payload)) {
      const model = (payload.db as unknown as MongoAdapter).collections[PETITIONS]!
      // A count, not an edit: updatedAt stays, as on SQL (mongoose would stamp it).
      await model.updateOne({ _id: petition }, { $inc: { signatureCount: delta } }, { timestamps: false, ...(session ? { session } : {}) })
      continue
    }
    const table = sqlTable(payload, PETITIONS) as { id: unknown; signatureCount: unknown }
    const db = (session ?? (payload.db as unknown as SqlAdapter).drizzle) as SqlSession
    await db
      .update(table)
      .set({ signatureCount: sql`coalesce(${table.signatureCount}, 0) + ${delta}` })
      .where(sql`${table.id} = ${petition}`)
  }
}

/** The transaction (SQL) or session (MongoDB) a request's Local API calls run in, if any. */
export async function sessionOf(req: PayloadRequest): Promise<unknown> {
  const id = await req.transactionID
  if (id === undefined || id === null) return undefined
  const sessions = (req.payload.db as unknown as { sessions: Record<number | string, unknown> }).sessions
  const session = sessions[id]
  if (isMongo(req.payload)) return session
  return (session as { db?: SqlSession } | undefined)?.db
}
