import type { CollectionAfterChangeHook, CollectionSlug } from 'payload'

/**
 * An article that is not live is its latest draft. Payload stores a draft save (the admin's
 * autosave included) as a version only, leaving the document itself as it was: an article
 * opened from the admin's create page (created empty, then autosaved as the editor typed) kept
 * `title: null`, and every read without `draft` — the API, the admin's pickers that link a
 * section or a related link to it — showed it untitled. While no version is live there is nothing
 * for visitors to protect, so the draft is copied onto the document, in the same transaction. A
 * published article's document is its live version and is never touched here.
 */
export const unpublishedKeepsLatestDraft: CollectionAfterChangeHook = async ({ collection, doc, operation, req }) => {
  if (operation !== 'update' || doc._status === 'published') return doc
  const slug = collection.slug as CollectionSlug
  const { db } = req.payload
  const current = await db.findOne<{ _status?: null | string; id: number | string; updatedAt?: string }>({ collection: slug, req, where: { id: { equals: doc.id } } })
  // Published: its document is what visitors read. Same time: this save wrote the document already.
  if (!current || current._status === 'published' || current.updatedAt === doc.updatedAt) return doc
  const { docs } = await db.findVersions({
    collection: slug,
    limit: 1,
    pagination: false,
    req,
    sort: '-updatedAt',
    where: { parent: { equals: doc.id } },
  })
  const draft = docs[0]?.version as (Record<string, unknown> & { slug?: unknown }) | undefined
  if (!draft) return doc
  const { id: _id, ...data } = draft
  // A draft's slug is not checked for uniqueness: one another article holds stays in the draft
  // (publishing it is refused, naming `slug`), and the document keeps the one it had.
  const taken =
    typeof data.slug === 'string' &&
    (await db.findOne({ collection: slug, req, where: { and: [{ slug: { equals: data.slug } }, { id: { not_equals: doc.id } }] } }))
  if (taken) delete data.slug
  await db.updateOne({ collection: slug, data: { ...data, _status: 'draft' }, id: doc.id, req })
  return doc
}
