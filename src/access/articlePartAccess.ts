/**
 * Access for the parts of an article that live in their own collections (commentary
 * sections, related links): they follow their article. Visitors see the parts of published
 * articles; authors also see their own articles' parts, and change them only while the
 * article is unpublished — a part of a published article goes live the moment it changes,
 * which is editors' work; editors and admins see and change everything.
 */
import type { Access, PayloadRequest, Where } from 'payload'

import { ARTICLES } from '../../collections/slugs'
import { canChangeLiveContent } from './liveContent'
import { hasRole } from './roles'

export type ArticlePartAccess = { create: Access; delete: Access; read: Access; update: Access }

/** @param articleField the part's relationship field that names its article */
export function articlePartAccess(articleField: string, { publicWhere }: { publicWhere?: Where } = {}): ArticlePartAccess {
  const ofPublishedArticle: Where = { [`${articleField}._status`]: { equals: 'published' } }
  const visible: Where = publicWhere ? { and: [ofPublishedArticle, publicWhere] } : ofPublishedArticle

  const ownUnpublished = (req: PayloadRequest): Where => ({
    and: [{ [`${articleField}.authors`]: { contains: req.user!.id } }, { [`${articleField}._status`]: { not_equals: 'published' } }],
  })

  const write: Access = async ({ data, req }) => {
    if (canChangeLiveContent(req.user)) return true
    if (!hasRole(req.user, 'author')) return false
    const target = data?.[articleField]
    if (target !== undefined && target !== null && !(await isOwnUnpublishedArticle(req, target))) return false
    return ownUnpublished(req)
  }

  return {
    create: async ({ data, req }) => {
      if (canChangeLiveContent(req.user)) return true
      if (!hasRole(req.user, 'author')) return false
      return isOwnUnpublishedArticle(req, data?.[articleField])
    },
    delete: write,
    read: ({ req }) => {
      if (hasRole(req.user, 'admin', 'editor')) return true
      if (hasRole(req.user, 'author')) return { or: [visible, { [`${articleField}.authors`]: { contains: req.user!.id } }] }
      return visible
    },
    update: write,
  }
}

async function isOwnUnpublishedArticle(req: PayloadRequest, article: unknown): Promise<boolean> {
  const id = typeof article === 'object' && article !== null ? (article as { id?: unknown }).id : article
  if (id === undefined || id === null || id === '') return false
  const { totalDocs } = await req.payload.count({
    collection: ARTICLES,
    overrideAccess: true,
    req,
    where: {
      and: [{ id: { equals: id } }, { authors: { contains: req.user!.id } }, { _status: { not_equals: 'published' } }],
    },
  })
  return totalDocs > 0
}
