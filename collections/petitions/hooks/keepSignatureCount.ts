/**
 * Keeps each petition's stored `signatureCount` equal to its signature rows when signatures are
 * created, moved or deleted through Payload (the admin, the Local API, erasure), in the same
 * transaction as the change. Public signing keeps it in its own batches (../signing).
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeChangeHook } from 'payload'

import { relationId } from '../../../src/utilities/relationId'
import { addToSignatureCounts, sessionOf } from '../signing/signatureCounter'

export const countAddedSignature: CollectionAfterChangeHook = async ({ doc, operation, previousDoc, req }) => {
  const now = relationId(doc.petition)
  const before = operation === 'create' ? undefined : relationId(previousDoc?.petition)
  if (now === before) return doc
  const deltas = new Map<number | string, number>()
  if (before !== undefined) deltas.set(before, -1)
  if (now !== undefined) deltas.set(now, (deltas.get(now) ?? 0) + 1)
  await addToSignatureCounts(req.payload, deltas, await sessionOf(req))
  return doc
}

export const countRemovedSignature: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const petition = relationId(doc.petition)
  if (petition !== undefined) await addToSignatureCounts(req.payload, new Map([[petition, -1]]), await sessionOf(req))
  return doc
}

/**
 * An editor's save never writes the counter: it would write the value read when the edit began
 * (or the one a draft was saved with) over signatures counted meanwhile. Leaving the field out
 * of the write leaves the column as the increments made it.
 */
export const keepSignatureCountOutOfEdits: CollectionBeforeChangeHook = ({ data, operation }) => {
  if (operation === 'create') return { ...data, signatureCount: 0 }
  const { signatureCount: _kept, ...rest } = data
  return rest
}
