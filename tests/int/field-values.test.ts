// Field values the database cannot hold — ids that are not ids or point at nothing, dates that
// are not dates, non-finite numbers, unknown select values, strings given to checkboxes, NUL
// bytes in any text — get a 400 naming the field on REST, GraphQL and the Local API (a
// ValidationError), on create and update, drafts included; nothing stored changes.
import type { CollectionSlug, Payload } from 'payload'

import { ValidationError } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { api, type Api, gqlIdType, invalidPaths } from '../helpers/api'
import { paragraph } from '../helpers/articles'
import { json } from '../helpers/http'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let admin: Api

/** One document per collection, for the update cases. */
const existing: Record<string, number | string> = {}

const MISSING_ID = 987654

let serial = 0
/** What a create needs besides the bad value: valid in every other way. */
const validData: Record<string, () => Record<string, unknown>> = {
  articles: () => ({ title: `Article ${++serial}` }),
  categories: () => ({ name: `Category ${++serial}` }),
  petitions: () => ({ title: `Petition ${++serial}` }),
  'related-links': () => ({ external: { title: 'Elsewhere' }, from: existing.articles }),
  sections: () => ({ article: existing.articles, kind: 'todo' }),
  signatures: () => ({ email: `signer${++serial}@example.org`, petition: existing.petitions }),
  users: () => ({ email: `user${++serial}@example.org`, password: 'a long enough password' }),
  webhooks: () => ({ active: false, events: ['*'], name: `Hook ${++serial}`, url: 'https://builds.example.org/hook' }),
}

const graphQLName: Record<string, string> = {
  articles: 'Article',
  categories: 'Category',
  petitions: 'Petition',
  'related-links': 'RelatedLink',
  sections: 'Section',
  signatures: 'Signature',
  users: 'User',
  webhooks: 'Webhook',
}

type Case = {
  collection: CollectionSlug
  /** The bad value, as a fragment of the document. `Infinity` goes over HTTP as the JSON number 1e400. */
  data: Record<string, unknown>
  /** Saved as a draft (validation Payload itself skips for drafts). */
  draft?: boolean
  /** The field the error must name. */
  path: string
}

const NUL = 'nul\u0000byte'
const lexicalWith = (text: string) => paragraph(text)

const cases: Case[] = [
  // Relationships and uploads: ids that are not ids, or point at nothing.
  { collection: 'articles', data: { categories: [MISSING_ID] }, path: 'categories' },
  { collection: 'articles', data: { categories: 'x' }, path: 'categories' },
  { collection: 'articles', data: { categories: [1e300] }, path: 'categories' },
  { collection: 'articles', data: { petition: -5 }, path: 'petition' },
  { collection: 'articles', data: { petition: MISSING_ID }, path: 'petition' },
  { collection: 'articles', data: { heroImage: {} }, path: 'heroImage' },
  { collection: 'articles', data: { heroImage: MISSING_ID }, path: 'heroImage' },
  { collection: 'articles', data: { authors: ['abc'] }, path: 'authors' },
  { collection: 'articles', data: { authors: [MISSING_ID] }, path: 'authors' },
  { collection: 'articles', data: { categories: [MISSING_ID] }, draft: true, path: 'categories' },
  { collection: 'articles', data: { petition: 1e300 }, draft: true, path: 'petition' },
  { collection: 'sections', data: { article: MISSING_ID }, path: 'article' },
  { collection: 'sections', data: { actions: [{ blockType: 'petition', petition: -5 }] }, path: 'actions.0.petition' },
  { collection: 'sections', data: { actions: [{ blockType: 'petition', petition: MISSING_ID }] }, path: 'actions.0.petition' },
  { collection: 'related-links', data: { from: MISSING_ID }, path: 'from' },
  { collection: 'related-links', data: { to: 'x' }, path: 'to' },
  { collection: 'signatures', data: { petition: -5 }, path: 'petition' },
  { collection: 'categories', data: { parent: MISSING_ID }, path: 'parent' },
  { collection: 'categories', data: { parent: 'x' }, path: 'parent' },
  // Dates.
  { collection: 'articles', data: { source: { publishedAt: 'notadate' } }, path: 'source.publishedAt' },
  { collection: 'articles', data: { source: { publishedAt: '1e400' } }, path: 'source.publishedAt' },
  { collection: 'articles', data: { source: { publishedAt: {} } }, path: 'source.publishedAt' },
  { collection: 'articles', data: { source: { publishedAt: 'notadate' } }, draft: true, path: 'source.publishedAt' },
  { collection: 'articles', data: { source: { publishedAt: '-271821-04-20T00:00:00.000Z' } }, path: 'source.publishedAt' },
  { collection: 'petitions', data: { closesAt: {} }, draft: true, path: 'closesAt' },
  { collection: 'related-links', data: { external: { publishedAt: 'notadate' } }, path: 'external.publishedAt' },
  { collection: 'sections', data: { actions: [{ blockType: 'attendEvent', title: 'March', when: 'notadate' }] }, path: 'actions.0.when' },
  // Fields Payload adds itself (timestamps, drafts' status, the login email).
  { collection: 'articles', data: { createdAt: 'notadate' }, draft: true, path: 'createdAt' },
  { collection: 'petitions', data: { _status: 'bogus' }, path: '_status' },
  { collection: 'users', data: { email: 'nul\u0000@example.org' }, path: 'email' },
  // Numbers, checkboxes, selects.
  { collection: 'petitions', data: { goal: Infinity }, path: 'goal' },
  { collection: 'petitions', data: { goal: Infinity }, draft: true, path: 'goal' },
  { collection: 'sections', data: { order: 'NaN' }, path: 'order' },
  { collection: 'related-links', data: { position: Infinity }, path: 'position' },
  { collection: 'webhooks', data: { coalesceSeconds: 'NaN' }, path: 'coalesceSeconds' },
  { collection: 'related-links', data: { pinned: 'yes' }, path: 'pinned' },
  { collection: 'webhooks', data: { active: 'maybe' }, path: 'active' },
  { collection: 'petitions', data: { status: 'bogus' }, draft: true, path: 'status' },
  { collection: 'sections', data: { kind: 'nope' }, path: 'kind' },
  // NUL bytes, which PostgreSQL refuses and SQLite cuts the text at.
  { collection: 'articles', data: { title: NUL }, path: 'title' },
  { collection: 'articles', data: { summary: NUL }, draft: true, path: 'summary' },
  { collection: 'articles', data: { source: { outlet: NUL } }, path: 'source.outlet' },
  { collection: 'articles', data: { body: lexicalWith(NUL) }, path: 'body' },
  { collection: 'sections', data: { heading: NUL }, path: 'heading' },
  { collection: 'sections', data: { actions: [{ blockType: 'share', hashtags: ['ok', NUL] }] }, path: 'actions.0.hashtags' },
  { collection: 'sections', data: { actions: [{ blockType: 'note', body: lexicalWith(NUL) }] }, path: 'actions.0.body' },
  { collection: 'petitions', data: { targets: [{ name: NUL }] }, path: 'targets.0.name' },
  { collection: 'related-links', data: { reason: { [NUL]: 1 } }, path: 'reason' },
  { collection: 'signatures', data: { name: NUL }, path: 'name' },
  { collection: 'categories', data: { description: NUL }, path: 'description' },
  { collection: 'webhooks', data: { headers: [{ name: 'X-Token', value: NUL }] }, path: 'headers.0.value' },
  { collection: 'users', data: { name: NUL }, path: 'name' },
  // Links frontends render as links: the web's protocols only.
  { collection: 'related-links', data: { external: { title: 'Script link', url: 'javascript:alert(document.domain)' } }, path: 'external.url' },
  { collection: 'articles', data: { source: { url: 'data:text/html,<script>alert(1)</script>' } }, path: 'source.url' },
  { collection: 'articles', data: { source: { url: 'not a web address' } }, path: 'source.url' },
  // Text that is not text.
  { collection: 'articles', data: { summary: {} }, draft: true, path: 'summary' },
  { collection: 'petitions', data: { title: ['a', 'b'] }, draft: true, path: 'title' },
]

/** JSON text for a body: `Infinity`, which JSON cannot spell, goes as the number 1e400 (which parses back to it). */
function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v === Infinity ? '\u0001infinity' : v)).replaceAll('"\\u0001infinity"', '1e400')
}

async function send(method: string, path: string, body: unknown): Promise<{ body: any; status: number }> {
  const response = await fetch(`${stack.server.url}${path}`, {
    body: jsonText(body),
    headers: { authorization: `JWT ${admin.token}`, 'content-type': 'application/json' },
    method,
  })
  return { body: await json(response), status: response.status }
}

/** The stored document (latest draft included) and its version count, or the collection's size. */
async function snapshot(collection: CollectionSlug, id?: number | string): Promise<unknown> {
  if (id === undefined) return (await payload.count({ collection })).totalDocs
  const doc: Record<string, unknown> = { ...(await payload.findByID({ collection, depth: 0, draft: true, id })) }
  // Virtual fields are computed on each read (breadcrumbs get fresh row ids): not stored, not compared.
  for (const field of payload.collections[collection].config.flattenedFields) if ('virtual' in field && field.virtual) delete doc[field.name]
  const versioned = Boolean(payload.collections[collection].config.versions)
  return { doc, versions: versioned ? (await payload.countVersions({ collection, where: { parent: { equals: id } } })).totalDocs : 0 }
}

const lastSegment = (path: string) => path.split('.').findLast((segment) => !/^\d+$/.test(segment))!

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  admin = stack.admin
  existing.articles = (await payload.create({ collection: 'articles', data: { title: 'Existing article' }, draft: true })).id
  existing.petitions = (await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: 'Existing petition' } })).id
  // The creates add To Do sections to the same article; an article has one section of each kind.
  existing.sections = (await payload.create({ collection: 'sections', data: { article: existing.articles, kind: 'action' } })).id
  for (const collection of Object.keys(validData).filter((slug) => !(slug in existing)) as CollectionSlug[]) {
    existing[collection] = (await payload.create({ collection, data: validData[collection]!() as any })).id
  }
})
afterAll(async () => {
  await stack?.close()
})

describe.each(cases)('$collection $path = $data (draft: $draft)', ({ collection, data, draft = false, path }) => {
  const query = draft ? '?draft=true' : ''

  it('REST create and update answer 400 naming the field; nothing stored changes', async () => {
    const before = await snapshot(collection)
    const created = await send('POST', `/api/${collection}${query}`, { ...validData[collection]!(), ...data })
    expect(created.status, JSON.stringify(created.body)).toBe(400)
    expect(invalidPaths(created.body)).toContain(path)
    expect(await snapshot(collection)).toEqual(before)

    const id = existing[collection]!
    const stored = await snapshot(collection, id)
    const updated = await send('PATCH', `/api/${collection}/${id}${query}`, data)
    expect(updated.status, JSON.stringify(updated.body)).toBe(400)
    expect(invalidPaths(updated.body)).toContain(path)
    expect(await snapshot(collection, id)).toEqual(stored)
  })

  it('GraphQL create and update refuse it with a client error naming the field; nothing stored changes', async () => {
    const name = graphQLName[collection]!
    const id = existing[collection]!
    const before = await snapshot(collection)
    const stored = await snapshot(collection, id)
    const draftArg = draft ? ', draft: true' : ''
    for (const { query: document, variables } of [
      {
        query: `mutation ($data: mutation${name}Input!) { create${name}(data: $data${draftArg}) { id } }`,
        variables: { data: { ...validData[collection]!(), ...data } },
      },
      {
        query: `mutation ($id: ${gqlIdType(id)}!, $data: mutation${name}UpdateInput!) { update${name}(id: $id, data: $data${draftArg}) { id } }`,
        variables: { data, id },
      },
    ]) {
      const response = await send('POST', '/api/graphql', { query: document, variables })
      expect(response.status).toBeLessThan(500)
      const errors: any[] = response.body.errors ?? []
      expect(errors.length, JSON.stringify(response.body)).toBeGreaterThan(0)
      for (const error of errors) expect(error.extensions?.statusCode ?? 400, JSON.stringify(error)).toBeLessThan(500)
      expect(JSON.stringify(errors)).toContain(lastSegment(path))
    }
    expect(await snapshot(collection)).toEqual(before)
    expect(await snapshot(collection, id)).toEqual(stored)
  })

  it('the Local API throws a ValidationError naming the field; nothing stored changes', async () => {
    const before = await snapshot(collection)
    const create = payload.create({ collection, data: { ...validData[collection]!(), ...data } as any, draft })
    await expect(create).rejects.toBeInstanceOf(ValidationError)
    await expect(create).rejects.toMatchObject({ data: { errors: expect.arrayContaining([expect.objectContaining({ path })]) } })
    expect(await snapshot(collection)).toEqual(before)

    const id = existing[collection]!
    const stored = await snapshot(collection, id)
    const update = payload.update({ collection, data: data as any, draft, id })
    await expect(update).rejects.toBeInstanceOf(ValidationError)
    await expect(update).rejects.toMatchObject({ data: { errors: expect.arrayContaining([expect.objectContaining({ path })]) } })
    expect(await snapshot(collection, id)).toEqual(stored)
  })
})

describe('the public sign endpoint', () => {
  it('refuses a signer name with a NUL byte, first signature or repeat, and stores nothing', async () => {
    const visitor = api(stack.server.url)
    const id = existing.petitions!
    // The signer's data as stored; the confirmation outbox fields move on their own while the
    // new signature's email goes out in the background.
    const signatures = async () => {
      const found = await payload.find({ collection: 'signatures', depth: 0, where: { petition: { equals: id } } })
      return { ...found, docs: found.docs.map(({ confirmationClaimedAt: _claimed, confirmationSentAt: _sent, ...signer }) => signer) }
    }
    const before = await signatures()
    const first = await visitor.rest('POST', `/petitions/${id}/sign`, { email: 'nul@example.org', name: NUL })
    expect(first.status).toBe(400)
    expect(invalidPaths(first.body)).toContain('name')

    expect((await visitor.rest('POST', `/petitions/${id}/sign`, { email: 'repeat@example.org', name: 'Repeat' })).status).toBe(202)
    const signed = await signatures()
    const repeat = await visitor.rest('POST', `/petitions/${id}/sign`, { email: 'repeat@example.org', name: NUL })
    expect(repeat.status).toBe(400)
    expect(invalidPaths(repeat.body)).toContain('name')
    expect(await signatures()).toEqual(signed)
    expect(signed.totalDocs).toBe(before.totalDocs + 1)
  })
})

describe('globals', () => {
  it('site settings refuse a default petition that does not exist', async () => {
    const before = await payload.findGlobal({ depth: 0, slug: 'site-settings' })
    const response = await send('POST', '/api/globals/site-settings', { defaultPetition: MISSING_ID })
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(invalidPaths(response.body)).toContain('defaultPetition')
    expect(await payload.findGlobal({ depth: 0, slug: 'site-settings' })).toEqual(before)
  })
})

describe('good values still save', () => {
  it('existing relationships, dates and numbers pass, and text is kept whole', async () => {
    const category = existing.categories!
    const article = await payload.create({
      collection: 'articles',
      data: { categories: [category as number], petition: existing.petitions as number, source: { publishedAt: '2026-01-02T03:04:05.000Z' }, title: 'Whole text ✓' },
      draft: true,
    })
    expect(article).toMatchObject({ source: { publishedAt: '2026-01-02T03:04:05.000Z' }, title: 'Whole text ✓' })
    // Only To Do sections hold actions.
    const todo = await payload.create({ collection: 'sections', data: { article: article.id, kind: 'todo' } })
    const response = await send('PATCH', `/api/sections/${todo.id}`, { actions: [{ blockType: 'petition', petition: existing.petitions }], order: 2.5 })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body.doc).toMatchObject({ order: 2.5 })
  })
})
