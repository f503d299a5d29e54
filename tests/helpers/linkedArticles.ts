/**
 * Many published articles, each with two categories, the three required sections and related
 * links to the next articles, written straight through the database adapter (no hooks, so
 * seeding hundreds takes seconds on every engine): content on which an unbounded GraphQL query
 * is visibly expensive.
 */
import type { Payload } from 'payload'

import { lexicalParagraph } from '../../src/utilities/lexicalParagraph'

export type LinkedArticles = { articleIds: (number | string)[]; categoryIds: (number | string)[] }

export async function seedLinkedArticles(payload: Payload, { articles = 60, linksPerArticle = 10 } = {}): Promise<LinkedArticles> {
  const categoryIds: (number | string)[] = []
  for (const name of ['Policy', 'Climate', 'Labour', 'Courts', 'Health']) {
    const category = await payload.db.create({ collection: 'categories', data: { name, slug: name.toLowerCase() } })
    categoryIds.push(category.id)
  }
  const now = Date.now()
  const articleIds: (number | string)[] = []
  for (let n = 0; n < articles; n++) {
    const title = `Linked article ${n}: what the council decided about the ${n % 7 === 0 ? 'bridge' : 'budget'}`
    const article = await payload.db.create({
      collection: 'articles',
      data: {
        _status: 'published',
        body: lexicalParagraph(`${title}. `.repeat(20)),
        categories: [categoryIds[n % categoryIds.length], categoryIds[(n + 1) % categoryIds.length]],
        publishedAt: new Date(now - n * 3_600_000).toISOString(),
        slug: `linked-article-${n}`,
        summary: `Summary of linked article ${n}.`,
        title,
      },
    })
    articleIds.push(article.id)
    for (const [order, kind] of ['opinion', 'action', 'todo'].entries()) {
      await payload.db.create({ collection: 'sections', data: { article: article.id, body: lexicalParagraph(`Our ${kind}.`), kind, order } })
    }
  }
  for (const [index, from] of articleIds.entries()) {
    for (let position = 1; position <= Math.min(linksPerArticle, articleIds.length - 1); position++) {
      const to = articleIds[(index + position) % articleIds.length]
      await payload.db.create({
        collection: 'related-links',
        data: { excluded: false, from, origin: 'auto', pinned: false, position, score: 1 / position, to },
      })
    }
  }
  return { articleIds, categoryIds }
}
