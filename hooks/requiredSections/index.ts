/**
 * Required sections: an article is published only with the commentary its categories need
 * (by default Opinion, Action and To Do), and a published article keeps them — a required
 * section cannot be deleted or emptied until the article is unpublished, except when the
 * article itself is deleted. The rules live in ./checklist; these hooks fetch and enforce.
 */
import type {
  CollectionBeforeChangeHook,
  CollectionBeforeDeleteHook,
  Endpoint,
  PayloadRequest,
} from 'payload'

import { APIError, NotFound, ValidationError } from 'payload'

import type { SectionKind } from '../../collections/sections/kinds'
import type { ChecklistItem, RequirementsByCategory, SectionLike } from './checklist'

import { relationId } from '../../src/utilities/relationId'
import { ARTICLES, CATEGORIES, SECTIONS } from '../../collections/slugs'
import { missingSectionsMessage, publishChecklist, sectionCounts } from './checklist'

export type RequiredSectionsOptions = { byCategory?: RequirementsByCategory; kinds: SectionKind[] }

/** Set on `req.context` while an article's own deletion removes its sections. */
export const DELETING_ARTICLE = 'broadside:deletingArticle'

type Id = number | string

async function categorySlugs(req: PayloadRequest, categories: unknown): Promise<string[]> {
  const ids = (Array.isArray(categories) ? categories : []).map(relationId).filter((id): id is Id => id !== undefined)
  if (ids.length === 0 || !req.payload.collections[CATEGORIES]) return []
  const { docs } = await req.payload.find({
    collection: CATEGORIES,
    depth: 0,
    limit: ids.length,
    overrideAccess: true,
    pagination: false,
    req,
    select: { slug: true },
    where: { id: { in: ids } },
  })
  return docs.map((doc) => doc.slug).filter((slug): slug is string => typeof slug === 'string')
}

async function sectionsOf(req: PayloadRequest, articleId: Id): Promise<(SectionLike & { id: Id })[]> {
  const { docs } = await req.payload.find({
    collection: SECTIONS,
    depth: 0,
    limit: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { actions: true, body: true, kind: true },
    where: { article: { equals: articleId } },
  })
  return docs as (SectionLike & { id: Id })[]
}

/** The checklist of an article, optionally as it would be with one section replaced or removed. */
export async function checklistOf(
  req: PayloadRequest,
  options: RequiredSectionsOptions,
  article: { categories?: unknown; id?: Id },
  replace?: { id: Id; section: null | SectionLike },
): Promise<ChecklistItem[]> {
  const current = article.id === undefined ? [] : await sectionsOf(req, article.id)
  const sections: SectionLike[] = replace
    ? [...current.filter((section) => String(section.id) !== String(replace.id)), ...(replace.section ? [replace.section] : [])]
    : current
  return publishChecklist({
    byCategory: options.byCategory,
    categorySlugs: await categorySlugs(req, article.categories),
    kinds: options.kinds,
    sections,
  })
}

/** articles beforeChange: publishing (by any door, scheduled too) needs the required sections. */
export const requireSectionsToPublish =
  (options: RequiredSectionsOptions): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    if (data._status !== 'published') return data
    const checklist = await checklistOf(req, options, { categories: data.categories ?? originalDoc?.categories, id: originalDoc?.id })
    const message = missingSectionsMessage(checklist)
    if (message) throw validationError(ARTICLES, 'sections', message)
    return data
  }

async function publishedArticle(req: PayloadRequest, id: Id | undefined) {
  if (id === undefined) return null
  const article = await req.payload.findByID({ collection: ARTICLES, depth: 0, disableErrors: true, id, overrideAccess: true, req })
  return article?._status === 'published' ? article : null
}

function lostRequiredKinds(before: ChecklistItem[], after: ChecklistItem[]): string[] {
  return after.filter((item, i) => !item.present && before[i]?.present).map((item) => item.label)
}

/** sections beforeDelete: a published article keeps its required sections. */
export const keepRequiredSectionOnDelete =
  (options: RequiredSectionsOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const section = await req.payload.findByID({ collection: SECTIONS, depth: 0, disableErrors: true, id, overrideAccess: true, req })
    const articleId = relationId(section?.article)
    if (!section || String(req.context[DELETING_ARTICLE]) === String(articleId)) return
    const article = await publishedArticle(req, articleId)
    if (!article) return
    const before = await checklistOf(req, options, article)
    const lost = lostRequiredKinds(before, await checklistOf(req, options, article, { id, section: null }))
    if (lost.length > 0) {
      throw new APIError(
        `“${article.title}” is published and needs its ${lost.join(', ')} section: unpublish the article before deleting it.`,
        400,
        undefined,
        true,
      )
    }
  }

/** sections beforeChange: a required section of a published article cannot be emptied or moved away. */
export const keepRequiredSectionOnUpdate =
  (options: RequiredSectionsOptions): CollectionBeforeChangeHook =>
  async ({ data, operation, originalDoc, req }) => {
    if (operation !== 'update' || !originalDoc || !sectionCounts(originalDoc, options.kinds)) return data
    const article = await publishedArticle(req, relationId(originalDoc.article))
    if (!article) return data
    const stillHere = String(relationId(data.article ?? originalDoc.article)) === String(article.id)
    const replacement = stillHere ? { ...originalDoc, ...data } : null
    const before = await checklistOf(req, options, article)
    const lost = lostRequiredKinds(before, await checklistOf(req, options, article, { id: originalDoc.id, section: replacement }))
    if (lost.length > 0) {
      const needs = options.kinds.find((kind) => kind.value === originalDoc.kind)?.takesActions ? 'text or an action' : 'text'
      throw validationError(
        SECTIONS,
        'body',
        `“${article.title}” is published and needs this ${lost.join(', ')} section with ${needs}: unpublish the article before emptying it.`,
      )
    }
    return data
  }

/**
 * A 400 naming the field, whose own message is the explanation — so it is what a scheduled
 * publish's job records and what the admin's toast shows, not "The following field is invalid".
 */
function validationError(collection: string, path: string, message: string): ValidationError {
  const error = new ValidationError({ collection, errors: [{ message, path }] })
  error.message = message
  return error
}

/** GET /api/articles/:id/publish-checklist — what the admin's checklist shows. */
export const publishChecklistEndpoint = (options: RequiredSectionsOptions): Endpoint => ({
  handler: async (req) => {
    const id = req.routeParams?.id as Id | undefined
    const article =
      id === undefined
        ? null
        : await req.payload.findByID({ collection: ARTICLES, depth: 0, disableErrors: true, draft: true, id, overrideAccess: false, req })
    if (!article) throw new NotFound(req.t)
    return Response.json({ items: await checklistOf(req, options, article) })
  },
  method: 'get',
  path: '/:id/publish-checklist',
})
