/**
 * The lean write behind public signing: signatures wait a few milliseconds to be written
 * together, one transaction per batch, and each signer's answer waits for that commit (an
 * answered signature survives a crash the moment after). In the transaction:
 *   - the rows go in with one INSERT … ON CONFLICT DO NOTHING RETURNING (SQLite, PostgreSQL;
 *     drizzle through the adapter's own tables and transactions), or one unordered insertMany
 *     whose duplicate-key errors are ignored (MongoDB): the (petition, email) unique index
 *     settles repeats and races, so a repeat writes nothing;
 *   - each petition's counter goes up by the rows actually inserted (./signatureCounter);
 *   - a repeat whose confirmation email was held back by the cap (../confirmations/confirmationCap)
 *     goes back into the outbox, and is held again if the cap still says no. Without this, a
 *     stranger who used up an inbox's emails by signing with it elsewhere would leave its owner,
 *     signing for real, with no link to manage their signature, however often they signed again.
 * No hooks run and no version is written: that is the admin pipeline's cost this path exists to
 * skip. Columns the row does not name (added by other features) get their defaults.
 *
 * A batch that fails is retried signature by signature, so one bad row fails only its signer.
 */
import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-sqlite/drizzle'

import { SIGNATURES } from '../../slugs'
import { retryTransient } from '../../../src/database/retryTransient'
import { addToSignatureCounts, isMongo, type MongoAdapter, type MongoModel, type SqlAdapter, sqlTable } from './signatureCounter'
import { nudgeSignatureConfirmations } from '../confirmations/sendConfirmations'

/** A signature as stored, minus what the database fills in (id, timestamps, defaults). */
export type SignatureRow = {
  comment?: string
  consent: boolean
  consentAt: null | string
  consentText: null | string
  country?: string
  email: string
  ipHash?: string
  name: string
  petition: number | string
  postalCode?: string
  showName: boolean
}

/** How long the first signature of a batch waits for others. */
const COLLECT_MS = 3
/** Rows per INSERT: large enough for a flood, small enough to keep each transaction short. */
const MAX_BATCH = 250
/**
 * Signers answered per turn of the event loop once their batch has committed. Each answer is a
 * response written by express; a whole batch's answered at once was one long turn (profiled in
 * bench:sign), and `/healthz` and new requests waited behind it.
 */
const ANSWERS_PER_TURN = 50

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

type Waiting = { reject: (error: unknown) => void; resolve: () => void; row: SignatureRow }

export type SignatureBatches = {
  /** Resolves once the signature is committed (or was there already). */
  add: (row: SignatureRow) => Promise<void>
  /** Resolves once every signature handed in so far is written. */
  drain: () => Promise<void>
}

const byPayload = new WeakMap<Payload, SignatureBatches>()

export function signatureBatches(payload: Payload): SignatureBatches {
  let batches = byPayload.get(payload)
  if (!batches) {
    batches = createSignatureBatches(payload)
    byPayload.set(payload, batches)
  }
  return batches
}

/** Waits for signatures in flight, if this Payload has signed anything (for shutdown). */
export const drainSignatureBatches = async (payload: Payload): Promise<void> => byPayload.get(payload)?.drain()

function createSignatureBatches(payload: Payload): SignatureBatches {
  const waiting: Waiting[] = []
  let running: Promise<void> | undefined

  // One batch at a time: they would queue on the petition's counter row (or SQLite's write
  // lock) anyway, and meanwhile the next batch fills.
  const run = async () => {
    await new Promise((resolve) => setTimeout(resolve, COLLECT_MS))
    while (waiting.length > 0) await write(waiting.splice(0, MAX_BATCH))
    running = undefined
  }

  const write = async (batch: Waiting[]) => {
    try {
      await insertSignatures(payload, batch.map((item) => item.row))
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error)
      for (const item of batch) await write([item])
      return
    }
    for (let at = 0; at < batch.length; at += ANSWERS_PER_TURN) {
      if (at > 0) await nextTurn()
      for (const item of batch.slice(at, at + ANSWERS_PER_TURN)) item.resolve()
    }
  }

  return {
    add: (row) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ reject, resolve, row })
        running ??= run()
      }),
    drain: async () => {
      while (running) await running
    },
  }
}

/**
 * One transaction: the new rows, and each petition's counter raised by those actually added.
 * On a MongoDB replica set it runs again after a write conflict with another batch (two
 * servers raising one counter), and after a duplicate key, which aborts a MongoDB transaction.
 */
async function insertSignatures(payload: Payload, rows: SignatureRow[]): Promise<void> {
  await retryTransient(() => insertSignaturesOnce(payload, rows), {
    alsoRetry: (error) => isMongo(payload) && isDuplicateKey(error),
  })
}

async function insertSignaturesOnce(payload: Payload, rows: SignatureRow[]): Promise<void> {
  const db = payload.db as unknown as MongoAdapter & SqlAdapter
  const transaction = await db.beginTransaction()
  try {
    const session = transaction === null ? undefined : isMongo(payload) ? db.sessions[transaction] : db.sessions[transaction]?.db
    const added = isMongo(payload) ? await insertMongo(db, rows, session) : await insertSql(payload, db, rows, session)
    const deltas = new Map<number | string, number>()
    for (const { petition } of added) deltas.set(petition, (deltas.get(petition) ?? 0) + 1)
    await addToSignatureCounts(payload, deltas, session)
    const repeats = notAdded(rows, added)
    const requeued = repeats.length === 0 ? 0 : isMongo(payload) ? await requeueHeldMongo(db, repeats, session) : await requeueHeldSql(payload, db, repeats, session)
    if (transaction !== null) await db.commitTransaction(transaction)
    // Committed: the new rows' confirmation emails can go (each row is its own outbox).
    if (added.length > 0 || requeued > 0) void nudgeSignatureConfirmations(payload)
  } catch (error) {
    if (transaction !== null) await db.rollbackTransaction(transaction)
    throw error
  }
}

/** Which signer signed which petition: enough to tell the rows inserted from the repeats. */
type Signer = { email: string; petition: number | string }

const signerKey = ({ email, petition }: Signer) => `${String(petition)}|${email}`

/** The rows that were not inserted: repeats of stored signatures (or of one earlier in the batch). */
function notAdded(rows: SignatureRow[], added: Signer[]): Signer[] {
  const inserted = new Set(added.map(signerKey))
  return rows.filter((row) => !inserted.delete(signerKey(row))).map(({ email, petition }) => ({ email, petition }))
}

/** The rows inserted (repeats, already stored, are skipped by the unique index). */
async function insertSql(payload: Payload, db: SqlAdapter, rows: SignatureRow[], session: unknown): Promise<Signer[]> {
  const table = sqlTable(payload, SIGNATURES) as { email: unknown; petition: unknown }
  const now = new Date().toISOString()
  return (session ?? db.drizzle)
    .insert(table)
    .values(rows.map((row) => ({ ...row, createdAt: now, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ email: table.email, petition: table.petition })
}

/** Puts the held rows among `repeats` back into the outbox; how many. */
async function requeueHeldSql(payload: Payload, db: SqlAdapter, repeats: Signer[], session: unknown): Promise<number> {
  const t = sqlTable(payload, SIGNATURES) as { confirmationHeldAt: unknown; email: unknown; id: unknown; petition: unknown }
  const signers = sql.join(
    repeats.map(({ email, petition }) => sql`(${t.petition} = ${petition} and ${t.email} = ${email})`),
    sql` or `,
  )
  const requeued: unknown[] = await (session ?? db.drizzle)
    .update(t)
    .set({ confirmationHeldAt: null })
    .where(sql`${t.confirmationHeldAt} is not null and (${signers})`)
    .returning({ id: t.id })
  return requeued.length
}

async function requeueHeldMongo(db: MongoAdapter, repeats: Signer[], session: unknown): Promise<number> {
  const model = db.collections[SIGNATURES]! as MongoModel & {
    updateMany: (filter: Record<string, unknown>, update: Record<string, unknown>, options: Record<string, unknown>) => Promise<{ modifiedCount?: number }>
  }
  const result = await model.updateMany(
    { $or: repeats.map(({ email, petition }) => ({ email, petition })), confirmationHeldAt: { $ne: null } },
    { $set: { confirmationHeldAt: null } },
    // Outbox bookkeeping, not an edit: updatedAt stays.
    { timestamps: false, ...(session ? { session } : {}) },
  )
  return result.modifiedCount ?? 0
}

const DUPLICATE_KEY = 11000

const isDuplicateKey = (error: unknown) => {
  const e = error as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] }
  return e?.code === DUPLICATE_KEY || (e?.writeErrors ?? []).some((w) => (w.code ?? w.err?.code) === DUPLICATE_KEY)
}

async function insertMongo(db: MongoAdapter, rows: SignatureRow[], session: unknown): Promise<Signer[]> {
  const model = db.collections[SIGNATURES]!
  // In a transaction a duplicate key aborts it all: leave out the signatures already stored.
  const fresh = session ? await withoutStored(model, rows, session) : rows
  if (fresh.length === 0) return []
  try {
    const docs = await model.insertMany(fresh, { ordered: false, ...(session ? { session } : {}) })
    return docs.map((doc) => mongoSigner(doc))
  } catch (error) {
    const bulk = error as { insertedDocs?: unknown[]; writeErrors?: { code?: number; err?: { code?: number } }[] }
    const codes = (bulk.writeErrors ?? []).map((writeError) => writeError.code ?? writeError.err?.code)
    if (codes.length === 0 || codes.some((code) => code !== DUPLICATE_KEY)) throw error
    return (bulk.insertedDocs ?? []).map((doc) => mongoSigner(doc))
  }
}

const mongoSigner = (doc: unknown): Signer => {
  const { email, petition } = doc as { email?: unknown; petition?: unknown }
  return { email: String(email), petition: String(petition) }
}

async function withoutStored(model: MongoAdapter['collections'][string], rows: SignatureRow[], session: unknown): Promise<SignatureRow[]> {
  const stored = (await model.find({ $or: rows.map(({ email, petition }) => ({ email, petition })) }, { email: 1, petition: 1 }, { lean: true, session })) as {
    email: string
    petition: unknown
  }[]
  const key = (email: string, petition: unknown) => `${String(petition)}|${email}`
  const seen = new Set(stored.map((row) => key(row.email, row.petition)))
  return rows.filter((row) => {
    const k = key(row.email, row.petition)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
