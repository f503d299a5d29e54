import type { Where } from 'payload'

import type { PageRelatedLink } from './types'

import { ARTICLES, RELATED_LINKS } from '../../collections/slugs'
import { relationId } from '../utilities/relationId'
import { findForPage, hasCollection, hasField, type PageRead, uniqueIds } from './pageRead'

type LinkRow = { external?: PageRelatedLink['external']; id: number | string; to?: unknown }
export type CardRow = {
  heroImage?: unknown
  id: number | string
  publishedAt?: null | string
  slug?: null | string
  source?: { outlet?: null | string } | null
  summary?: null | string
  title: string
}

/** As many as the article's `relatedLinks` join lists. */
const MAX_LINKS = 50

/**
 * The related list in page order: the links (one query), then every linked article as a card
 * (one query for all of them). A link an editor excluded is never listed; one to an article the
 * reader cannot see (unpublished, for visitors) is left out.
 */
export async function pageRelatedLinks(read: PageRead, articleId: number | string): Promise<{ cards: CardRow[]; links: LinkRow[] }> {
  if (!hasCollection(read, RELATED_LINKS)) return { cards: [], links: [] }
  const liveTargets: Where = { or: [{ to: { exists: false } }, { 'to._status': { equals: 'published' } }] }
  const links = await findForPage<LinkRow>(read, {
    collection: RELATED_LINKS,
    limit: MAX_LINKS,
    select: { external: true, to: true },
    sort: 'position',
    where: { and: [{ from: { equals: articleId } }, { excluded: { not_equals: true } }, ...(read.preview ? [] : [liveTargets])] },
  })
  const targets = uniqueIds(links.map((link) => relationId(link.to)))
  const cards =
    targets.length === 0
      ? []
      : await findForPage<CardRow>(read, {
          collection: ARTICLES,
          limit: targets.length,
          select: {
            ...(hasField(read, ARTICLES, 'heroImage') ? { heroImage: true } : {}),
            publishedAt: true,
            slug: true,
            source: { outlet: true },
            summary: true,
            title: true,
          },
          where: { id: { in: targets } },
        })
  return { cards, links }
}
