// A site can take only the content types it needs: a CMS of only articles and categories
// boots, stores, publishes and serves without the other plugins.
import { configToSchema } from '@payloadcms/graphql'
import { GraphQL } from '@payloadcms/graphql/types'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type Config, createLocalReq } from 'payload'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { articlesPlugin } from '../../collections/articles/index'
import { categoriesPlugin } from '../../collections/categories/index'
import { petitionsPlugin } from '../../collections/petitions/index'
import { sectionsPlugin } from '../../collections/sections/index'
import { siteSettingsPlugin } from '../../collections/site-settings/index'
import { articlePagePlugin, assembleArticlePage } from '../../src/articlePage/index'
import { importPagesPlugin } from '../../src/import/admin/index'
import { importPages } from '../../src/import/importPages'
import { paragraph, REQUIRED_KINDS } from '../helpers/articles'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

let test: TestPayload
beforeAll(async () => {
  test = await startTestPayload({ plugins: [articlesPlugin(), categoriesPlugin(), articlePagePlugin(), importPagesPlugin()] })
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

it('assembles the article page with only what the config has: no sections, petition or related links', async () => {
  const category = await test.payload.create({ collection: 'categories', data: { name: 'Notes' } })
  await test.payload.create({ collection: 'articles', data: { _status: 'published', categories: [category.id], title: 'A short note' } })
  const page = await assembleArticlePage(await createLocalReq({}, test.payload), 'a-short-note')
  expect(page.article).toMatchObject({ categories: [{ breadcrumbs: [{ name: 'Notes', slug: 'notes' }], id: category.id, name: 'Notes', parent: null, slug: 'notes' }], heroImage: null, title: 'A short note' })
  expect(page).toMatchObject({ petition: null, relatedLinks: [], sections: [] })
  // The GraphQL query is built from the same config and answers the same page.
  const { schema } = configToSchema(test.payload.config)
  // Payload's own graphql module: the schema's classes must be the ones the executor checks.
  const result = await GraphQL.graphql({
    contextValue: { req: await createLocalReq({}, test.payload) },
    schema,
    source: '{ ArticlePage(slug: "a-short-note") { article { title categories { name } } sections { kind } petition { id } relatedLinks { external { url } } } }',
  })
  expect(result.errors).toBeUndefined()
  expect(result.data).toEqual({ ArticlePage: { article: { categories: [{ name: 'Notes' }], title: 'A short note' }, petition: null, relatedLinks: [], sections: [] } })
})

it('a site without related links, categories or media still gets sections and the default petition on its pages', async () => {
  const other = await startTestPayload({ plugins: [siteSettingsPlugin(), articlesPlugin(), petitionsPlugin(), sectionsPlugin(), articlePagePlugin()] })
  try {
    const { payload } = other
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Default call' } })
    await payload.updateGlobal({ data: { defaultPetition: petition.id }, slug: 'site-settings' })
    const article = await payload.create({ collection: 'articles', data: { _status: 'draft', title: 'Sections only' }, draft: true })
    for (const [order, kind] of REQUIRED_KINDS.entries()) {
      await payload.create({ collection: 'sections', data: { article: article.id, body: paragraph(`Our ${kind}`), kind, order } })
    }
    await payload.update({ collection: 'articles', data: { _status: 'published' }, id: article.id })
    const page = await assembleArticlePage(await createLocalReq({}, payload), 'sections-only')
    expect(page.sections.map((section) => section.kind)).toEqual(['opinion', 'action', 'todo'])
    expect(page.petition).toMatchObject({ id: petition.id, signatureCount: 0, title: 'Default call' })
    expect(page.article.categories).toEqual([])
    expect(page.relatedLinks).toEqual([])
  } finally {
    await other.close()
  }
})

it('imports saved pages (the admin view and its endpoint too) into a site of articles and categories only', async () => {
  expect(test.payload.config.endpoints.some((endpoint) => endpoint.path === '/import-pages')).toBe(true)
  expect(test.payload.config.admin.components.views?.importPages?.path).toBe('/import-pages')
  const name = 'full-page.txt'
  const text = readFileSync(path.join(import.meta.dirname, '../fixtures/import', name), 'utf8')
  const report = await importPages(test.payload, [{ name, text }])
  expect(report.pages[0]).toMatchObject({ file: name, status: 'created' })
  const article = await test.payload.findByID({ collection: 'articles', depth: 1, draft: true, id: report.pages[0]!.articleId! })
  expect((article.categories as { name: string }[]).map((category) => category.name)).toContain('Local Government')
})

it('leaves a config without articles as it was: no import view, no endpoint', () => {
  const incoming = { collections: [], endpoints: [] } as unknown as Config
  expect(importPagesPlugin()(incoming)).toBe(incoming)
})
