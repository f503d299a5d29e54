/**
 * The content generation: one token in the database that every change to public content
 * replaces, in the change's own transaction. A cached answer remembers the token it was
 * computed under and is served only while the database still holds that token, so a change
 * committed by any process ends every older answer everywhere at once.
 *
 * Each change writes a new random token rather than a counter: two transactions counting up
 * from the same value would both commit n+1, and an answer computed between their commits
 * would carry the later one's number while missing its change.
 */
import type { GlobalConfig, Payload, PayloadRequest } from 'payload'

import { randomUUID } from 'node:crypto'

export const GENERATION_GLOBAL = 'read-cache-generation'

export const generationGlobal: GlobalConfig = {
  slug: GENERATION_GLOBAL,
  access: { read: () => false, update: () => false },
  admin: { hidden: true },
  fields: [{ name: 'token', type: 'text' }],
  graphQL: false,
}

const BUMPED_IN = Symbol.for('broadside.readCache.bumpedInTransaction')

/**
 * Writes a new token in `req`'s transaction. Once per transaction is enough: its commit makes
 * every write in it visible together with the token.
 */
export async function bumpGeneration(req: PayloadRequest): Promise<void> {
  const transactionID = req.transactionID instanceof Promise ? await req.transactionID : req.transactionID
  const context = req.context as Record<symbol, unknown>
  if (transactionID !== undefined && context[BUMPED_IN] === transactionID) return
  await req.payload.db.updateGlobal({ slug: GENERATION_GLOBAL, data: { token: randomUUID() }, req, returning: false })
  if (transactionID !== undefined) context[BUMPED_IN] = transactionID
}

/** Gives the global its row at start-up, so a bump updates it (two first bumps could otherwise each insert one). */
export async function ensureGenerationRow(payload: Payload): Promise<void> {
  // SQL adapters answer an empty object for a global never written, MongoDB's null.
  const existing = (await payload.db.findGlobal({ slug: GENERATION_GLOBAL })) as null | { token?: string }
  if (!existing?.token) await payload.db.createGlobal({ slug: GENERATION_GLOBAL, data: { token: randomUUID() } })
}

type DrizzleLike = {
  drizzle: { select: (fields: object) => { from: (table: unknown) => { limit: (n: number) => Promise<{ token: null | string }[]> } } }
  tables: Record<string, { token: unknown }>
}

/** Reads the token the database holds now (Payload's SQL adapters take a one-column query; others their findGlobal). */
export function tokenReader(payload: Payload): () => Promise<string> {
  const db = payload.db as unknown as Partial<DrizzleLike>
  const table = db.tables?.[GENERATION_GLOBAL.replaceAll('-', '_')]
  if (db.drizzle && table) {
    const query = () => db.drizzle!.select({ token: table.token }).from(table).limit(1)
    return async () => (await query())[0]?.token ?? ''
  }
  return async () => ((await payload.db.findGlobal({ slug: GENERATION_GLOBAL })) as null | { token?: string })?.token ?? ''
}

/**
 * The current token for a request that has arrived. Requests arriving while a read is under way
 * share the next read instead of starting their own; they never take one that began before they
 * arrived, which could predate a change whose answer they have already seen.
 */
export function sharedTokenReads(read: () => Promise<string>): () => Promise<string> {
  let running: Promise<string> | undefined
  let next: Promise<string> | undefined
  const start = (): Promise<string> => {
    const current = read().finally(() => {
      if (running === current) running = undefined
    })
    running = current
    return current
  }
  return () => {
    if (!running) return start()
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined
        return start()
      })
    return next
  }
}
