/**
 * The cache tags of a change to documents of one collection — what a webhook item lists so a
 * purge drops every cached answer the change made stale:
 * - the collection's list tag (a list may gain, lose or reorder it) and each document's tag;
 * - the list tags of the collections joined to it (an article's `sections` and `related-links`:
 *   who may read them follows the article, so publishing it changes their lists);
 * - the documents whose joins hold it (a section's article, a related link's `from` article, an
 *   article's petition), before and after the change, since a join lists it inside them.
 * Answers that merely hold the document are covered by its own tag. Without the cache-tags
 * plugin in the config, there are no tags (an empty list).
 */
import type { Payload } from 'payload'

import { documentTag, listTag, TAGGED_SLUGS, type TaggedSlugs } from './names'

type Doc = null | Record<string, unknown> | undefined

export function taggedSlugs(payload: Payload): TaggedSlugs | undefined {
  return payload.config.custom?.[TAGGED_SLUGS] as TaggedSlugs | undefined
}

/** `docs`: the changed documents, each as it was and as it is (undefined where there is none). */
export function changeTags(payload: Payload, collection: string, docs: Doc[]): string[] {
  const tagged = new Set(taggedSlugs(payload)?.collections ?? [])
  if (!tagged.has(collection)) return []
  const tags = new Set<string>([listTag(collection)])
  const collections = payload.collections as Record<string, { config: { joins?: Record<string, { field: { on: string } }[]> } } | undefined>
  const present = docs.filter((doc): doc is Record<string, unknown> => Boolean(doc))
  for (const doc of present) add(tags, documentTag(collection, doc.id))
  for (const joined of Object.keys(collections[collection]?.config.joins ?? {})) if (tagged.has(joined)) tags.add(listTag(joined))
  for (const owner of tagged) {
    for (const join of collections[owner]?.config.joins?.[collection] ?? []) {
      for (const doc of present) for (const id of idsAt(doc, join.field.on)) add(tags, documentTag(owner, id))
    }
  }
  return [...tags]
}

const add = (tags: Set<string>, tag: string | undefined) => tag && tags.add(tag)

/** The ids a relationship at `path` (dot notation) holds: one or many, populated or not. */
function idsAt(doc: Record<string, unknown>, path: string): unknown[] {
  let value: unknown = doc
  for (const step of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined
  return (Array.isArray(value) ? value : [value])
    .map((item) => (item && typeof item === 'object' ? ((item as { value?: unknown }).value ?? (item as { id?: unknown }).id) : item))
    .map((item) => (item && typeof item === 'object' ? (item as { id?: unknown }).id : item))
    .filter((id) => id !== null && id !== undefined)
}
