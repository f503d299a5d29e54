/**
 * The content bench:reads serves: N generated articles of ~320 words (title, summary, five body
 * paragraphs), three categories each, written to Broadside (with its three commentary sections,
 * then published, so its hooks build the related links) and to the plain Payload app (as
 * published posts). Both get the same titles, slugs, text and categories.
 */
import type { Payload } from 'payload'

import slugify from '@sindresorhus/slugify'

import { lexicalParagraphs } from '../utilities/lexicalParagraph'
import { syntheticArchive } from './syntheticArticles'

export type ReadsArticle = {
  body: string[]
  categories: string[]
  outlet: string
  publishedAt: string
  sections: { kind: 'action' | 'opinion' | 'todo'; text: string }[]
  slug: string
  summary: string
  title: string
}

const CATEGORIES = 12
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export function readsArticles(count: number, seed = 14): ReadsArticle[] {
  const next = syntheticArchive(seed, { bodyWords: 290, categories: CATEGORIES })
  return Array.from({ length: count }, (_, n) => {
    const article = next()
    const words = article.body.split(' ')
    const sentence = (from: number, length: number) => `${capitalise(words.slice(from, from + length).join(' '))}.`
    const title = `${capitalise(article.title)} ${n}`
    return {
      body: [0, 58, 116, 174, 232].map((from) => sentence(from, 58)),
      categories: [0, 4, 8].map((offset) => `Category ${(article.category + offset) % CATEGORIES}`),
      outlet: `outlet${n % 23}.example`,
      publishedAt: article.publishedAt.toISOString(),
      sections: [
        { kind: 'opinion', text: sentence(10, 60) },
        { kind: 'action', text: sentence(80, 50) },
        { kind: 'todo', text: sentence(150, 30) },
      ],
      slug: slugify(title),
      summary: `${capitalise(article.summary)}.`,
      title,
    }
  })
}

/** Per category name, its id; each category created once. */
async function createCategories(payload: Payload, collection: 'categories', articles: ReadsArticle[], withSlug: boolean) {
  const ids = new Map<string, number | string>()
  for (const name of new Set(articles.flatMap((article) => article.categories))) {
    const data = withSlug ? { name, slug: slugify(name) } : { name }
    ids.set(name, (await payload.create({ collection, data: data as never })).id)
  }
  return ids
}

/** Through Broadside's Local API and hooks: draft, three sections, then publish. */
export async function seedBroadside(payload: Payload, articles: ReadsArticle[], onSeeded?: (done: number) => void): Promise<void> {
  const categoryIds = await createCategories(payload, 'categories', articles, false)
  for (const [index, article] of articles.entries()) {
    const draft = await payload.create({
      collection: 'articles',
      data: {
        _status: 'draft',
        body: lexicalParagraphs(article.body) as never,
        categories: article.categories.map((name) => categoryIds.get(name)!) as number[],
        source: { outlet: article.outlet, publishedAt: article.publishedAt },
        summary: article.summary,
        title: article.title,
      },
      draft: true,
    })
    for (const [order, section] of article.sections.entries()) {
      await payload.create({ collection: 'sections', data: { article: draft.id, body: lexicalParagraphs([section.text]) as never, kind: section.kind, order } })
    }
    await payload.update({ collection: 'articles', data: { _status: 'published' }, id: draft.id })
    onSeeded?.(index + 1)
  }
}

/** Into the plain app's `posts`, published on creation, as a starter's seed script would. */
export async function seedPlainPayload(payload: Payload, articles: ReadsArticle[]): Promise<void> {
  const categoryIds = await createCategories(payload, 'categories', articles, true)
  for (const article of articles) {
    await payload.create({
      collection: 'posts' as never,
      data: {
        _status: 'published',
        body: lexicalParagraphs(article.body),
        categories: article.categories.map((name) => categoryIds.get(name)!),
        publishedAt: article.publishedAt,
        slug: article.slug,
        summary: article.summary,
        title: article.title,
      } as never,
    })
  }
}
