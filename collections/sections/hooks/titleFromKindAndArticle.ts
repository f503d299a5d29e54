/**
 * A section's `title` — "Opinion — <article title>" — is what the admin names it by (its page,
 * relationship pickers, lists): a section has no name of its own, and its id or a bare heading
 * says nothing. Kept on save of the section, and again when its article's title changes.
 */
import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, CollectionSlug } from 'payload'

import type { SectionKind } from '../kinds'

import { relationId } from '../../../src/utilities/relationId'

export function sectionTitle(kinds: SectionKind[], kind: unknown, articleTitle: unknown): string {
  const label = kinds.find((candidate) => candidate.value === kind)?.label ?? String(kind ?? 'Section')
  return typeof articleTitle === 'string' && articleTitle.trim() ? `${label} — ${articleTitle.trim()}` : label
}

export const titleSectionOnSave =
  ({ articlesSlug, kinds }: { articlesSlug: CollectionSlug; kinds: SectionKind[] }): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    const articleId = relationId(data.article ?? originalDoc?.article)
    const kind = data.kind ?? originalDoc?.kind
    if (articleId === undefined) return data
    // The latest draft's title: what the editor sees on the article right now.
    const article = await req.payload
      .findByID({ collection: articlesSlug, depth: 0, disableErrors: true, draft: true, id: articleId, overrideAccess: true, req, select: { title: true } })
      .catch(() => null)
    return { ...data, title: sectionTitle(kinds, kind, (article as { title?: unknown } | null)?.title) }
  }

/**
 * Renames an article's sections when its title changes. Written straight to the database: the
 * title is the admin's label only (no page prints it), so the change is no content event for
 * webhooks and needs none of the sections' own hooks.
 */
export const retitleSectionsOnArticleChange =
  ({ kinds, sectionsSlug }: { kinds: SectionKind[]; sectionsSlug: CollectionSlug }): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    if (doc.title === previousDoc?.title) return doc
    for (const kind of kinds) {
      await req.payload.db.updateMany({
        collection: sectionsSlug,
        data: { title: sectionTitle(kinds, kind.value, doc.title) },
        req,
        where: { and: [{ article: { equals: doc.id } }, { kind: { equals: kind.value } }] },
      })
    }
    return doc
  }
