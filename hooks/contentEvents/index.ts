/**
 * Content events for webhooks, from what visitors can see: an article or petition counts as
 * published, unpublished or updated by its live version before and after the change — a draft
 * save or an autosave changes no live version and sends nothing — and an article whose related
 * list or sections changed while published is updated too: a list changes when links in it are
 * rebuilt, and when an article it shows is published, unpublished, changed or deleted (its card
 * appears, goes or reads differently there). Each item lists the cache tags of
 * its change (src/cacheTags/changeTags). Each hook hands its events to ./queueDeliveries in the
 * same transaction.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import type { ChangedItem, EventType } from '../../src/webhooks/events'

import { ARTICLES, RELATED_LINKS, SECTIONS } from '../../collections/slugs'
import { changeTags } from '../../src/cacheTags/changeTags'
import { liveVersion } from '../../src/utilities/liveVersion'
import { relationId } from '../../src/utilities/relationId'
import { transition } from '../../src/webhooks/events'
import { RELATED_LISTS_CHANGED } from '../relatedLinks/index'
import { DELETING_ARTICLE } from '../requiredSections/index'
import { queueDeliveries } from './queueDeliveries'

type Id = number | string
type Live = { published: boolean; slug?: null | string; updatedAt?: null | string }
type Doc = { _status?: null | string; id: Id; slug?: null | string; updatedAt?: null | string }
type Changed = { doc: Doc; previousDoc?: Doc }

/** `req.context` key: each document's live state before the change. */
const LIVE_BEFORE = 'broadside:liveBefore'

async function liveState(req: PayloadRequest, collection: string, id: Id): Promise<Live> {
  const doc = await liveVersion<Doc>(req, collection, id)
  return { published: doc?._status === 'published', slug: doc?.slug, updatedAt: doc?.updatedAt }
}

/** beforeChange of a collection with drafts: remember what was live. */
export const rememberLiveState: CollectionBeforeChangeHook = async ({ collection, data, operation, originalDoc, req }) => {
  if (operation === 'update' && originalDoc?.id !== undefined) {
    const before = (req.context[LIVE_BEFORE] ??= {}) as Record<string, Live>
    before[`${collection.slug}:${originalDoc.id}`] = await liveState(req, collection.slug, originalDoc.id)
  }
  return data
}

/**
 * The articles whose related lists show `article`: every link to it an editor has not excluded,
 * made by hand or automatically. Links by hand stay while it is unpublished (visitors just do not
 * see them), so its publish, unpublish or change alters those lists without rebuilding them.
 */
async function listsShowing(req: PayloadRequest, article: Id): Promise<Id[]> {
  if (!req.payload.collections[RELATED_LINKS]) return []
  const { docs } = await req.payload.find({
    collection: RELATED_LINKS,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { from: true },
    where: { and: [{ to: { equals: article } }, { excluded: { not_equals: true } }] },
  })
  return docs.map((link) => relationId(link.from)).filter((id): id is Id => id !== undefined)
}

/**
 * Articles whose related lists changed in this request (noted by the related-links hooks, plus
 * `also`), as `article.updated` for those published; `alsoChanged`: tags of the change that
 * touched the lists, added to each.
 */
async function relatedListEvents(req: PayloadRequest, { alsoChanged = [], also = [], except }: { alsoChanged?: string[]; also?: Id[]; except?: Id } = {}): Promise<ChangedItem[]> {
  const noted = (req.context[RELATED_LISTS_CHANGED] as Id[] | undefined) ?? []
  const ids = [...new Set([...noted, ...also].map(String))].filter((id) => id !== String(except))
  delete req.context[RELATED_LISTS_CHANGED]
  if (ids.length === 0) return []
  const { docs } = await req.payload.find({
    collection: ARTICLES,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { slug: true },
    // By id, not the default -publishedAt: SQLite would walk every published article in that
    // order to find these few (4 ms against 0.07 ms per publish at 10,000 articles).
    sort: 'id',
    where: { and: [{ id: { in: ids } }, { _status: { equals: 'published' } }] },
  })
  return docs.map((doc) => ({
    cacheTags: [...new Set([...changeTags(req.payload, ARTICLES, [doc]), ...alsoChanged])],
    collection: ARTICLES,
    id: doc.id,
    slug: doc.slug,
    type: 'article.updated' as const,
  }))
}

/** afterChange of articles or petitions: the publish transition, if any, and any related-list changes. */
export const publishTransitionEvents =
  (kind: 'article' | 'petition'): CollectionAfterChangeHook =>
  async ({ collection, doc, previousDoc, req }) => {
    const before = ((req.context[LIVE_BEFORE] as Record<string, Live> | undefined)?.[`${collection.slug}:${doc.id}`]) ?? { published: false }
    const after: Live = doc._status === 'published' ? { published: true, slug: doc.slug, updatedAt: doc.updatedAt } : await liveState(req, collection.slug, doc.id)
    const type = transition(kind, before, after)
    const cacheTags = changeTags(req.payload, collection.slug, [previousDoc, doc])
    const items: ChangedItem[] = type ? [{ cacheTags, collection: collection.slug, id: doc.id, slug: after.slug ?? before.slug, type }] : []
    if (kind === 'article') items.push(...(await relatedListEvents(req, { also: type ? await listsShowing(req, doc.id) : [], except: doc.id })))
    await queueDeliveries(req, items)
    return doc
  }

/** afterDelete of articles or petitions: a live one is gone. */
export const deletedEvents =
  (type: EventType, withRelated: boolean): CollectionAfterDeleteHook =>
  async ({ collection, doc, req }) => {
    const cacheTags = changeTags(req.payload, collection.slug, [doc])
    const items: ChangedItem[] = doc._status === 'published' ? [{ cacheTags, collection: collection.slug, id: doc.id, slug: doc.slug, type }] : []
    await queueDeliveries(req, [...items, ...(withRelated ? await relatedListEvents(req, { except: doc.id }) : [])])
  }

/** afterChange and afterDelete of sections: the live article they belong to changed. */
export const sectionEvents = async ({ doc, previousDoc, req }: { doc: { article?: unknown }; previousDoc?: { article?: unknown }; req: PayloadRequest }) => {
  if (req.context[DELETING_ARTICLE] !== undefined) return
  const article = relationId(doc.article)
  if (article === undefined) return
  const live = await liveState(req, ARTICLES, article)
  const cacheTags = changeTags(req.payload, SECTIONS, [previousDoc, doc])
  if (live.published) await queueDeliveries(req, [{ cacheTags, collection: ARTICLES, id: article, slug: live.slug, type: 'article.updated' }])
}

/** afterChange and afterDelete of related links: lists an editor changed. */
export const relatedLinkEvents = async ({ doc, previousDoc, req }: Changed & { req: PayloadRequest }) => {
  await queueDeliveries(req, await relatedListEvents(req, { alsoChanged: changeTags(req.payload, RELATED_LINKS, [previousDoc, doc]) }))
}

/** afterChange and afterDelete of categories and media. */
export const changedEvents =
  (type: EventType) =>
  async ({ collection, doc, previousDoc, req }: Changed & { collection: { slug: string }; req: PayloadRequest }) => {
    const cacheTags = changeTags(req.payload, collection.slug, [previousDoc, doc])
    await queueDeliveries(req, [{ cacheTags, collection: collection.slug, id: doc.id, slug: doc.slug, type }])
  }
