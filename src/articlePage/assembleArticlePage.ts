/**
 * The one function behind the article page: REST, GraphQL and Local API callers all get what it
 * assembles. It reads with the caller's access rules (`overrideAccess: false`, the caller's
 * `req`), at depth 0 with explicit selects, in a fixed number of queries whatever the number of
 * sections, links or categories: the article; its categories (plus one per level of parent
 * categories); its sections (and their actions' petitions); its petition (and its signature
 * count; the site settings when it falls back to the default); its related links and the
 * linked articles; all images at once.
 */
import type { PayloadRequest, Where } from 'payload'

import { APIError, NotFound } from 'payload'

import type { ArticlePage, PageRelatedLink } from './types'

import { ARTICLES } from '../../collections/slugs'
import { relationId } from '../utilities/relationId'
import { pageCategories } from './categories'
import { heroImage, imageCard, pageImages } from './images'
import { findForPage, hasField, type PageRead } from './pageRead'
import { pagePetition } from './petition'
import { type CardRow, pageRelatedLinks } from './relatedLinks'
import { pageSections } from './sections'

/** Far longer than any slug made from a title; longer ones are refused before any query. */
export const MAX_SLUG_LENGTH = 1000

type ArticleRow = CardRow & {
  body?: unknown
  categories?: unknown[] | null
  petition?: unknown
  source?: { byline?: null | string; outlet?: null | string; publishedAt?: null | string; url?: null | string } | null
}

export type ArticlePageOptions = {
  /**
   * Show the latest drafts (of the article, its petition and linked articles) as far as the
   * signed-in caller may read them; ignored for visitors.
   * @default false
   */
  draft?: boolean
}

/**
 * The article's own fields a live preview replaces with the editor's unsaved values before the
 * rest of the page (categories, hero image, petition) is read from them.
 */
export type ArticleOverlay = Partial<Pick<ArticleRow, 'body' | 'categories' | 'heroImage' | 'petition' | 'source' | 'summary' | 'title'>>

/** The page of the article with `slug`; 404 when the caller cannot see one, 400 for a slug no article can have. */
export async function assembleArticlePage(req: PayloadRequest, slug: unknown, options: ArticlePageOptions = {}): Promise<ArticlePage> {
  const problem = slugProblem(slug)
  if (problem) throw new APIError(`slug: ${problem}`, 400, { errors: [{ message: problem, path: 'slug' }] }, true)
  return assemble(req, { slug: { equals: slug } }, options)
}

/**
 * The page of the article with `id` (slugs need not be unique, and a draft may have none yet),
 * with `overlay` in place of the stored fields it holds; 404 when the caller cannot see it.
 */
export async function assembleArticlePageById(
  req: PayloadRequest,
  id: number | string,
  { overlay, ...options }: ArticlePageOptions & { overlay?: ArticleOverlay } = {},
): Promise<ArticlePage> {
  return assemble(req, { id: { equals: id } }, options, overlay)
}

async function assemble(req: PayloadRequest, where: Where, { draft = false }: ArticlePageOptions, overlay: ArticleOverlay = {}): Promise<ArticlePage> {
  const read: PageRead = { preview: draft && Boolean(req.user), req }
  const has = (field: string) => hasField(read, ARTICLES, field)
  const readArticle = (as: PageRead) => findForPage<ArticleRow>(as, {
    collection: ARTICLES,
    limit: 1,
    select: {
      body: true,
      publishedAt: true,
      slug: true,
      source: true,
      summary: true,
      title: true,
      ...(has('categories') ? { categories: true } : {}),
      ...(has('heroImage') ? { heroImage: true } : {}),
      ...(has('petition') ? { petition: true } : {}),
    },
    where,
  })
  // A draft the caller may not read (an author, another author's pending edit) leaves them the
  // published article, as Payload's `findByID` with `draft` does.
  let [stored] = await readArticle(read)
  if (!stored && read.preview) [stored] = await readArticle({ ...read, preview: false })
  if (!stored) throw new NotFound(req.t)
  const article: ArticleRow = { ...stored, ...overlay }

  const [categories, sections, petition, related] = await Promise.all([
    pageCategories(read, article.categories ?? []),
    pageSections(read, article.id),
    pagePetition(read, article.petition),
    pageRelatedLinks(read, article.id),
  ])
  const images = await pageImages(read, [article.heroImage, ...related.cards.map((card) => card.heroImage)])
  const cards = new Map(
    related.cards.map((card) => [
      String(card.id),
      {
        heroImage: imageCard(images.get(String(relationId(card.heroImage)))),
        id: card.id,
        publishedAt: card.publishedAt ?? null,
        slug: card.slug ?? null,
        source: { outlet: card.source?.outlet ?? null },
        summary: card.summary ?? null,
        title: card.title,
      },
    ]),
  )
  const relatedLinks = related.links.flatMap((link): PageRelatedLink[] => {
    const to = relationId(link.to)
    if (to !== undefined) {
      const card = cards.get(String(to))
      return card ? [{ article: card, external: null }] : []
    }
    const external = link.external
    return [
      {
        article: null,
        external: { outlet: external?.outlet ?? null, publishedAt: external?.publishedAt ?? null, title: external?.title ?? null, url: external?.url ?? null },
      },
    ]
  })

  return {
    article: {
      body: article.body ?? null,
      categories,
      heroImage: heroImage(images.get(String(relationId(article.heroImage)))),
      id: article.id,
      publishedAt: article.publishedAt ?? null,
      slug: article.slug ?? null,
      source: {
        byline: article.source?.byline ?? null,
        outlet: article.source?.outlet ?? null,
        publishedAt: article.source?.publishedAt ?? null,
        url: article.source?.url ?? null,
      },
      summary: article.summary ?? null,
      title: article.title,
    },
    petition,
    relatedLinks,
    sections,
  }
}

/** Why `slug` cannot be an article's slug, or null. */
export function slugProblem(slug: unknown): null | string {
  if (typeof slug !== 'string' || slug.trim() === '') return 'give the slug of an article.'
  if (slug.length > MAX_SLUG_LENGTH) return `is ${slug.length} characters long; a slug has at most ${MAX_SLUG_LENGTH}.`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(slug)) return 'control characters (such as NUL) are not allowed in a slug.'
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(slug)) return 'is not valid Unicode.'
  return null
}
