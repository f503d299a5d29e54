/**
 * What the petition's progress panel shows, read through the Local API as the signed-in user:
 * the count and goal anyone who may open the petition sees; the signing times only a role that
 * may read signatures gets (access is checked, not assumed).
 */
import type { PayloadRequest } from 'payload'

import { PETITIONS, SIGNATURES } from '../../slugs'
import { type Bucket, perDay, perHour } from './signaturesOverTime'

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
  const since = new Date(now.getTime() - CHART_DAYS * 24 * 3_600_000)
  // Only the signing times of the chart's window, and only what the user's role may read.
  const signatures = await req.payload
    .find({
      collection: SIGNATURES,
      depth: 0,
      overrideAccess: false,
      pagination: false,
      req,
      select: { createdAt: true },
      where: { and: [{ petition: { equals: id } }, { createdAt: { greater_than_equal: since.toISOString() } }] },
    })
    .catch(() => null)
  if (!signatures) return progress
  const times = signatures.docs.map((doc) => doc.createdAt)
  return { ...progress, timeline: { perDay: perDay(times, now, CHART_DAYS), perHour: perHour(times, now, CHART_HOURS) } }
}
