// Cache tags: public answers name what they hold (`Surrogate-Key`, `Cache-Tag`), and webhook
// items name what each change altered, in the same words — so purging an item's tags drops
// exactly the cached answers it made stale. Against the real server, on loopback.
import type { Payload } from 'payload'

import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startBuilder } from '../../examples/static-site/builder'
import { type Api } from '../helpers/api'
import { graphql } from '../helpers/http'
import { paragraph, publishArticle } from '../helpers/articles'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

type Id = number | string
type Item = { cacheTags?: string[]; collection: string; id: Id; type: string }

let stack: TestStack
let payload: Payload
let admin: Api
let receiver: http.Server
let receiverUrl: string
const received: { body: string; headers: http.IncomingHttpHeaders; path: string }[] = []

/** The published world the read tests look at. */
const seed = {} as {
  asia: { id: Id }
  draft: { id: Id }
  draftPetition: { id: Id }
  external: { id: Id }
  image: { id: Id }
  link: { id: Id }
  main: { id: Id; slug: string }
  other: { id: Id; slug: string }
  petition: { id: Id }
  sections: { id: Id }[]
  world: { id: Id }
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ body, headers: req.headers, path: req.url ?? '' })
      res.writeHead(204).end()
    })
  })
  receiver.listen(0, '127.0.0.1')
  await new Promise((resolve) => receiver.once('listening', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
  stack = await startTestStack({ env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  ;({ admin, payload } = stack)

  seed.world = await payload.create({ collection: 'categories', data: { name: 'World' } })
  seed.asia = await payload.create({ collection: 'categories', data: { name: 'Asia', parent: seed.world.id as number } })
  seed.petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 100, title: 'Clean the river' } })
  seed.draftPetition = await payload.create({ collection: 'petitions', data: { _status: 'draft', title: 'Not yet' }, draft: true })
  const image = await sharp({ create: { background: '#336699', channels: 3, height: 300, width: 400 } }).jpeg().toBuffer()
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(image)], { type: 'image/jpeg' }), 'river.jpg')
  form.append('_payload', JSON.stringify({ alt: 'The river at dawn' }))
  const uploaded = await fetch(`${stack.server.url}/api/media`, { body: form, headers: { authorization: `JWT ${admin.token}` }, method: 'POST' })
  seed.image = (await uploaded.json()).doc

  const other = await publishArticle(payload, { categories: [seed.world.id as number], title: 'The river council meets again' })
  seed.other = { id: other.article.id, slug: other.article.slug! }
  const main = await publishArticle(payload, {
    categories: [seed.asia.id as number],
    heroImage: seed.image.id as number,
    petition: seed.petition.id as number,
    title: 'The river runs clean for the first time in decades',
  })
  seed.main = { id: main.article.id, slug: main.article.slug! }
  seed.sections = main.sections
  seed.link = await payload.create({ collection: 'related-links', data: { from: seed.main.id as number, pinned: true, position: 1, to: seed.other.id as number } })
  seed.external = await payload.create({
    collection: 'related-links',
    data: { external: { outlet: 'example.org', title: 'Elsewhere on rivers', url: 'https://example.org/rivers' }, from: seed.main.id as number, position: 2 },
  })
  seed.draft = await payload.create({ collection: 'articles', data: { _status: 'draft', petition: seed.draftPetition.id as number, title: 'Unpublished river story' }, draft: true })
})

afterAll(async () => {
  await stack?.close()
  receiver?.close()
})

/** The tags an answer carries; both headers must name the same ones. */
function tagsOf(response: Response): string[] {
  const surrogate = (response.headers.get('surrogate-key') ?? '').split(' ').filter(Boolean)
  const cacheTag = (response.headers.get('cache-tag') ?? '').split(',').filter(Boolean)
  expect(cacheTag).toEqual(surrogate)
  return surrogate
}

const get = (path: string, init: RequestInit = {}) => fetch(`${stack.server.url}/api${path}`, init)
const tag = (collection: string, doc: { id: Id }) => `${collection}:${doc.id}`

describe('answers name what they hold', () => {
  it('a list names its collection and each document in it, with what those point at', async () => {
    // Lists leave joins out unless named (lean reads): name them, so their ids are in the answer.
    const response = await get('/articles?depth=0&limit=20&joins[sections][limit]=25&joins[relatedLinks][limit]=25')
    expect(response.status).toBe(200)
    const tags = tagsOf(response)
    expect(tags).toContain('articles')
    for (const expected of [tag('articles', seed.main), tag('articles', seed.other), tag('categories', seed.asia), tag('petitions', seed.petition), tag('media', seed.image)]) {
      expect(tags).toContain(expected)
    }
    // Depth 0: the sections and related links come as ids, still named.
    for (const section of seed.sections) expect(tags).toContain(tag('sections', section))
    expect(tags).toContain(tag('related-links', seed.link))
  })

  it('a document by id names itself and, at depth 2, every populated and joined document', async () => {
    const response = await get(`/articles/${seed.main.id}?depth=2`)
    expect(response.status).toBe(200)
    const tags = tagsOf(response)
    expect(tags).not.toContain('articles')
    for (const expected of [
      tag('articles', seed.main),
      tag('categories', seed.asia),
      // Asia's breadcrumbs show its parent.
      tag('categories', seed.world),
      tag('petitions', seed.petition),
      tag('media', seed.image),
      tag('related-links', seed.link),
      tag('related-links', seed.external),
      // The article the pinned link points at, as the list shows it.
      tag('articles', seed.other),
      ...seed.sections.map((section) => tag('sections', section)),
    ]) {
      expect(tags).toContain(expected)
    }
  })

  it('a lookup by slug is a list: it names the collection and the document found', async () => {
    const tags = tagsOf(await get(`/articles?where[slug][equals]=${seed.main.slug}&depth=0`))
    expect(tags).toContain('articles')
    expect(tags).toContain(tag('articles', seed.main))
    expect(tags).not.toContain(tag('articles', seed.other))
  })

  it('a global names itself and the documents it points at', async () => {
    await admin.rest('POST', '/globals/site-settings', { defaultPetition: seed.petition.id })
    const tags = tagsOf(await get('/globals/site-settings?depth=1'))
    expect(tags).toContain('global:site-settings')
    expect(tags).toContain(tag('petitions', seed.petition))
  })

  it('a GraphQL answer names its lists and documents, nested ones included', async () => {
    const response = await graphql(stack.server.url, '{ Articles(limit: 10) { docs { id title categories { name } petition { title } } } }')
    expect(response.status).toBe(200)
    expect((await response.clone().json()).errors).toBeUndefined()
    const tags = tagsOf(response)
    for (const expected of ['articles', tag('articles', seed.main), tag('articles', seed.other), tag('categories', seed.asia), tag('petitions', seed.petition)]) {
      expect(tags).toContain(expected)
    }
  })

  it("a custom endpoint's answer names what it read (a petition's public signers)", async () => {
    const response = await get(`/petitions/${seed.petition.id}/signers`)
    expect(response.status).toBe(200)
    expect(tagsOf(response)).toContain(tag('petitions', seed.petition))
  })

  it('drafts are in no anonymous answer, so no anonymous answer names them', async () => {
    const answers = [
      await get('/articles?depth=2&limit=100'),
      await get('/petitions?depth=1&limit=100'),
      await graphql(stack.server.url, '{ Articles(limit: 10) { docs { id petition { title } } } Petitions(limit: 10) { docs { id } } }'),
    ]
    for (const response of answers) {
      const tags = tagsOf(response)
      expect(tags.length).toBeGreaterThan(0)
      expect(tags).not.toContain(tag('articles', seed.draft))
      expect(tags).not.toContain(tag('petitions', seed.draftPetition))
    }
    // Signed in, the draft is in the answer, and named.
    const signedIn = await get('/articles?draft=true&depth=0&limit=100', { headers: { authorization: `JWT ${admin.token}` } })
    expect(tagsOf(signedIn)).toContain(tag('articles', seed.draft))
  })

  it('private collections are never named', async () => {
    const users = await get('/users', { headers: { authorization: `JWT ${admin.token}` } })
    expect(users.status).toBe(200)
    expect(users.headers.get('surrogate-key')).toBeNull()
    const article = await get(`/articles/${seed.main.id}?depth=2`, { headers: { authorization: `JWT ${admin.token}` } })
    const tags = tagsOf(article)
    expect(tags).toContain(tag('articles', seed.main))
    expect(tags.filter((name) => /^(users|signatures|webhooks|webhook-deliveries|related-\w+):/.test(name) && !name.startsWith('related-links:'))).toEqual([])
  })
})

describe('webhook items name what each change altered', () => {
  async function endpoint(path: string) {
    const response = await admin.rest('POST', '/webhooks', { events: ['*'], name: path, url: `${receiverUrl}${path}` })
    expect(response.status, JSON.stringify(response.body)).toBe(201)
    return response.body.doc as { id: Id }
  }
  const itemsAt = (path: string): Item[] => received.filter((entry) => entry.path === path).flatMap((entry) => JSON.parse(entry.body).data.items as Item[])
  const itemFor = (path: string, type: string, id: Id) => until(() => itemsAt(path).find((item) => item.type === type && String(item.id) === String(id)))
  const shareATag = (item: Item, tags: string[]) => tags.filter((name) => item.cacheTags?.includes(name))

  it('a publish names the list, the article, the parts that follow it and the petition that joins it', async () => {
    const path = '/publish'
    const hook = await endpoint(path)
    const petitionBefore = tagsOf(await get(`/petitions/${seed.petition.id}?depth=1`))
    const { article } = await publishArticle(payload, { categories: [seed.asia.id as number], petition: seed.petition.id as number, title: 'The river festival returns' })
    const item = await itemFor(path, 'article.published', article.id)
    expect(item.cacheTags).toEqual(expect.arrayContaining(['articles', tag('articles', article), 'sections', 'related-links', tag('petitions', seed.petition)]))
    // The petition's answer lists its articles: its cached copy goes with this item's tags.
    expect(shareATag(item, petitionBefore)).toContain(tag('petitions', seed.petition))
    await admin.rest('PATCH', `/webhooks/${hook.id}`, { active: false })
  })

  it('a section edit names the section and its article; the cached article answer shares a tag', async () => {
    const path = '/section'
    const hook = await endpoint(path)
    const section = seed.sections[0]!
    const articleBefore = tagsOf(await get(`/articles/${seed.main.id}?depth=2`))
    const sectionBefore = tagsOf(await get(`/sections/${section.id}?depth=0`))
    await payload.update({ collection: 'sections', data: { body: paragraph('Our opinion, revised.') }, id: section.id })
    const item = await itemFor(path, 'article.updated', seed.main.id)
    expect(item.cacheTags).toEqual(expect.arrayContaining(['sections', tag('sections', section), tag('articles', seed.main)]))
    expect(shareATag(item, articleBefore).length).toBeGreaterThan(0)
    expect(shareATag(item, sectionBefore)).toContain(tag('sections', section))
    await admin.rest('PATCH', `/webhooks/${hook.id}`, { active: false })
  })

  it("a category rename names the category, which every answer showing it carries", async () => {
    const path = '/category'
    const hook = await endpoint(path)
    const articleBefore = tagsOf(await get(`/articles/${seed.main.id}?depth=1`))
    await admin.rest('PATCH', `/categories/${seed.asia.id}`, { name: 'East Asia' })
    const item = await itemFor(path, 'category.changed', seed.asia.id)
    expect(item.cacheTags).toEqual(expect.arrayContaining(['categories', tag('categories', seed.asia)]))
    expect(shareATag(item, articleBefore)).toContain(tag('categories', seed.asia))
    await admin.rest('PATCH', `/webhooks/${hook.id}`, { active: false })
  })

  it("an editor's related-link change names the link and the article whose list holds it", async () => {
    const path = '/link'
    const hook = await endpoint(path)
    const linkBefore = tagsOf(await get(`/related-links/${seed.external.id}?depth=0`))
    await admin.rest('PATCH', `/related-links/${seed.external.id}`, { external: { outlet: 'example.org', title: 'Elsewhere on rivers, updated', url: 'https://example.org/rivers' } })
    const item = await itemFor(path, 'article.updated', seed.main.id)
    expect(item.cacheTags).toEqual(expect.arrayContaining(['related-links', tag('related-links', seed.external), tag('articles', seed.main)]))
    expect(shareATag(item, linkBefore)).toContain(tag('related-links', seed.external))
    await admin.rest('PATCH', `/webhooks/${hook.id}`, { active: false })
  })
})

describe('the example static site purges what a delivery names', () => {
  it('posts each delivery\'s tags to its purge URL (here a loopback receiver) before rebuilding', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-purge-'))
    let secret = ''
    const builder = await startBuilder({ broadsideUrl: stack.server.url, outDir, purge: { authorization: 'Bearer test-token', url: `${receiverUrl}/cdn-purge` }, secret: () => secret })
    try {
      const created = await admin.rest('POST', '/webhooks', { events: ['article.published'], name: 'Purging site', url: `${builder.url}/webhook` })
      secret = created.body.doc.secret
      const { article } = await publishArticle(payload, { title: 'The river gets a new bridge' })
      const purge = await until(() => received.find((entry) => entry.path === '/cdn-purge' && JSON.parse(entry.body).tags?.includes(tag('articles', article))))
      const { tags } = JSON.parse(purge.body) as { tags: string[] }
      expect(tags).toEqual(expect.arrayContaining(['articles', tag('articles', article), 'sections', 'related-links']))
      expect(purge.headers['surrogate-key']).toBe(tags.join(' '))
      expect(purge.headers.authorization).toBe('Bearer test-token')
      await admin.rest('PATCH', `/webhooks/${created.body.doc.id}`, { active: false })
    } finally {
      await builder.close()
      rmSync(outDir, { force: true, recursive: true })
    }
  })
})
