/**
 * MongoDB has no advisory locks, so publishes take turns over the related index through one
 * lock document claimed by a conditional `findOneAndUpdate`: it matches only while the lock is
 * free, lapsed, or already held by the same caller, so of any number of callers exactly one
 * wins; the rest wait and try again. The claim is a lease: a server that dies holding it
 * blocks the others for at most LEASE_MS.
 *
 * The lock is written outside any transaction (inside one, a second claimant would meet a write
 * conflict and abort instead of waiting) and released when the caller's transaction ends, or
 * by the caller itself when there is none (a standalone server).
 */
import { type ClientSession, type Collection, ObjectId } from 'mongodb'

/** A fixed ObjectId rather than a name: wire-compatible servers (the test emulator) take only ObjectIds as `_id`. */
export const LOCK_ID = new ObjectId('000000000000000072656c61')
/** Longer than any publish takes; how long a crashed holder can keep the others waiting. */
export const LEASE_MS = 30_000
const RETRY_MS = { max: 40, min: 5 }

export type LockDocument = { _id: ObjectId; holder: null | string; until: Date }

/** The update that claims the lock for `holder` at `now`, and the condition under which it may. */
export function lockClaim(holder: string, now: Date) {
  return {
    filter: { _id: LOCK_ID, $or: [{ holder }, { holder: null }, { until: { $lte: now } }] },
    update: { $set: { holder, until: new Date(now.getTime() + LEASE_MS) } },
  }
}

/** The update that frees the lock, only if `holder` still holds it (a lapsed lease may have passed on). */
export function lockRelease(holder: string) {
  return { filter: { _id: LOCK_ID, holder }, update: { $set: { holder: null, until: new Date(0) } } }
}

export async function acquireIndexLock(locks: Collection<LockDocument>, holder: string): Promise<void> {
  await ensureLockDocument(locks)
  for (;;) {
    const { filter, update } = lockClaim(holder, new Date())
    if (await locks.findOneAndUpdate(filter, update)) return
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS.min + Math.random() * (RETRY_MS.max - RETRY_MS.min)))
  }
}

export async function releaseIndexLock(locks: Collection<LockDocument>, holder: string): Promise<void> {
  const { filter, update } = lockRelease(holder)
  await locks.updateOne(filter, update)
}

/** Holds the lock until `session`'s transaction ends (Payload ends the session on commit and on rollback). */
export function releaseWhenSessionEnds(locks: Collection<LockDocument>, holder: string, session: ClientSession): void {
  session.once('ended', () => void releaseIndexLock(locks, holder).catch(() => undefined))
}

const ensured = new WeakSet<Collection<LockDocument>>()

async function ensureLockDocument(locks: Collection<LockDocument>): Promise<void> {
  if (ensured.has(locks)) return
  try {
    await locks.updateOne({ _id: LOCK_ID }, { $setOnInsert: { holder: null, until: new Date(0) } }, { upsert: true })
  } catch (error) {
    // Two first claims upserted at once: the other one created it.
    if ((error as { code?: number }).code !== 11000) throw error
  }
  ensured.add(locks)
}
