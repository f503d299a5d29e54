/**
 * What the petition's progress panel shows, read through the Local API as the signed-in user:
 * the count and goal anyone who may open the petition sees; the signing times only a role that
 * may read signatures gets (access is checked, not assumed).
 */
import type { PayloadRequest } from 'payload'

import { PETITIONS, SIGNATURES } from '../../slugs'
import { type Bucket, days, hours, type Window } from './signaturesOverTime'

export const CHART_DAYS = 14
export const CHART_HOURS = 48

export type PetitionProgress = {
  goal: null | number
  signatureCount: number
  /** Absent when the user may not read signatures. */
  timeline?: { perDay: Bucket[]; perHour: Bucket[] }
}

export async function readPetitionProgress(req: PayloadRequest, id: number | string, now = new Date()): Promise<null | PetitionProgress> {
  const petition = await req.payload
    .findByID({ collection: PETITIONS, depth: 0, id, overrideAccess: false, req, select: { goal: true, signatureCount: true } })
    .catch(() => null)
  if (!petition) return null
  const progress: PetitionProgress = { goal: petition.goal ?? null, signatureCount: petition.signatureCount ?? 0 }
  // Counted by the database, window by window, through the (petition, createdAt) index: a
  // petition signed a million times costs 62 index counts, not a million rows read into memory.
  // Access is the user's: a role that may not read signatures gets no timeline.
  const count = async ({ end, start }: Window): Promise<Bucket> => {
    const { totalDocs } = await req.payload.count({
      collection: SIGNATURES,
      overrideAccess: false,
      req,
      where: { and: [{ petition: { equals: id } }, { createdAt: { greater_than_equal: start.toISOString() } }, { createdAt: { less_than: end.toISOString() } }] },
    })
    return { count: totalDocs, start: start.toISOString() }
  }
  const countAll = async (windows: Window[]) => {
    const buckets: Bucket[] = []
    // One after another: on PostgreSQL each count at once would take a pooled connection.
    for (const window of windows) buckets.push(await count(window))
    return buckets
  }
  try {
    return { ...progress, timeline: { perDay: await countAll(days(now, CHART_DAYS)), perHour: await countAll(hours(now, CHART_HOURS)) } }
  } catch {
    return progress
  }
}
