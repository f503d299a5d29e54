// A site can take only the content types it needs: a CMS of only articles and categories
// boots, stores, publishes and serves without the other plugins.
import { afterAll, beforeAll, expect, it } from 'vitest'

import { articlesPlugin } from '../../collections/articles/index'
import { categoriesPlugin } from '../../collections/categories/index'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

let test: TestPayload
beforeAll(async () => {
  test = await startTestPayload({ plugins: [articlesPlugin(), categoriesPlugin()] })
})
afterAll(async () => {
  await test?.close()
})

it('registers only those collections, and no fields of the absent plugins', () => {
  const slugs = test.payload.config.collections.map((collection) => collection.slug)
  expect(slugs).toContain('articles')
  expect(slugs).toContain('categories')
  for (const absent of ['sections', 'petitions', 'signatures', 'related-links', 'media']) expect(slugs).not.toContain(absent)
  const articleFields = test.payload.collections.articles.config.flattenedFields.map((field) => field.name)
  expect(articleFields).toContain('categories')
  for (const absent of ['sections', 'relatedLinks', 'petition', 'heroImage']) expect(articleFields).not.toContain(absent)
})

it('files, publishes and reads articles under categories', async () => {
  const category = await test.payload.create({ collection: 'categories', data: { name: 'Briefs' } })
  const article = await test.payload.create({
    collection: 'articles',
    data: { _status: 'published', categories: [category.id], title: 'A brief' },
  })
  const read = await test.payload.find({
    collection: 'articles',
    overrideAccess: false,
    where: { categories: { in: [category.id] } },
  })
  expect(read.docs.map((doc) => doc.id)).toEqual([article.id])
  expect(read.docs[0]!.publishedAt).toBeTruthy()
})
