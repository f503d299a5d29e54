/**
 * Related-article links built on publish: the article hooks that keep the term index and the
 * automatic lists in step (see ./syncRelated), in the transaction of the change, so a failed
 * publish leaves every list as it was.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeDeleteHook, PayloadRequest } from 'payload'

import type { RelatedOptions } from './syncRelated'

import { RELATED_LINKS } from '../../collections/slugs'
import { relationId } from '../../src/utilities/relationId'
import { leaveRelated, refillLists, syncRelated } from './syncRelated'

export type { RelatedOptions } from './syncRelated'

/** `req.context` key: ids of the articles whose related lists a change touched (for content events). */
export const RELATED_LISTS_CHANGED = 'broadside:relatedListsChanged'
/** `req.context` key: per deleted article, the lists that held it, refilled once it is gone. */
const HOLDERS_OF_DELETED = 'broadside:holdersOfDeleted'
/**
 * `req.context` key: the id of the article whose links are being removed as it is deleted; that
 * reorders no list (the lists refill once it is gone), but each list that loses a link changed.
 */
const REMOVING_LINKS = 'broadside:removingLinks'

function recordChanged(context: Record<string, unknown>, ids: (number | string)[]) {
  const seen = new Set(((context[RELATED_LISTS_CHANGED] as (number | string)[] | undefined) ?? []).map(String))
  context[RELATED_LISTS_CHANGED] = [...((context[RELATED_LISTS_CHANGED] as (number | string)[]) ?? []), ...ids.filter((id) => !seen.has(String(id)))]
}

/** articles afterChange: publish, change, unpublish — any door, scheduled publishes too. */
export const syncRelatedOnChange =
  (options: RelatedOptions): CollectionAfterChangeHook =>
  async ({ doc, req }) => {
    recordChanged(req.context, await syncRelated(req, doc, options))
    return doc
  }

/** articles beforeDelete: the article leaves the index, and its links (both ways) go with it. */
export const leaveRelatedOnDelete: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const holders = await leaveRelated(req, id)
  req.context[HOLDERS_OF_DELETED] = { ...(req.context[HOLDERS_OF_DELETED] as object), [String(id)]: holders }
  req.context[REMOVING_LINKS] = String(id)
  try {
    await req.payload.delete({
      collection: RELATED_LINKS,
      overrideAccess: true,
      req,
      where: { or: [{ from: { equals: id } }, { to: { equals: id } }] },
    })
  } finally {
    delete req.context[REMOVING_LINKS]
  }
}

/** articles afterDelete: the lists that held the deleted article refill. */
export const refillListsOnDelete =
  (options: RelatedOptions): CollectionAfterDeleteHook =>
  async ({ id, req }) => {
    const holders = (req.context[HOLDERS_OF_DELETED] as Record<string, (number | string)[]> | undefined)?.[String(id)] ?? []
    await refillLists(req, holders, options)
    recordChanged(req.context, holders)
  }

async function reorderLists(req: PayloadRequest, owners: unknown[], options: RelatedOptions) {
  const ids = [...new Set(owners.map(relationId).filter((id) => id !== undefined))]
  const deleting = req.context[REMOVING_LINKS]
  if (deleting !== undefined) {
    recordChanged(req.context, ids.filter((id) => String(id) !== deleting))
    return
  }
  await refillLists(req, ids, options)
  recordChanged(req.context, ids)
}

/**
 * related-links afterChange: an editor added, pinned, excluded or moved a link, so its list is
 * put in order again — pinned first, then automatic, then the rest — and refilled (an article
 * linked by hand or excluded leaves the automatic part).
 */
export const reorderListOnLinkChange =
  (options: RelatedOptions): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    await reorderLists(req, [doc.from, previousDoc?.from], options)
    return doc
  }

/** related-links afterDelete: the list closes the gap. */
export const reorderListOnLinkDelete =
  (options: RelatedOptions): CollectionAfterDeleteHook =>
  async ({ doc, req }) => {
    await reorderLists(req, [doc.from], options)
  }
