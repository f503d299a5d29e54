// The article's live preview routes (`/api/articles/:id/live-preview`): GET renders the latest
// draft with the example static site's renderer, POST renders it with the editor's unsaved form
// values in place of the stored ones. Signed-in users only, each reading what their role may read;
// nothing is stored, nothing is cached, and a malformed form is a 4xx naming its field.
import type { Payload } from 'payload'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { DEFAULT_PUBLIC_COLLECTIONS, DEFAULT_PUBLIC_GLOBALS } from '../../src/readCache/index'
import { classifyRequest } from '../../src/readCache/requestKey'
import { paragraph, publishArticle } from '../helpers/articles'
import { type RoleClients, seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let roles: RoleClients
const ids: Record<string, any> = {}

type Answer = { body: string; headers: Headers; status: number }

/** A preview request as `role` (its JWT; none for anonymous). */
async function preview(role: keyof Omit<RoleClients, 'ids'>, id: number | string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const token = roles[role].token
  const response = await fetch(`${stack.server.url}/api/articles/${id}/live-preview`, {
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: { ...(token ? { authorization: `JWT ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': contentType }) },
    method: body === undefined ? 'GET' : 'POST',
  })
  return { body: await response.text(), headers: response.headers, status: response.status }
}

/** An id of the engine's kind that names no document: a serial number on SQL, an ObjectId on MongoDB. */
const missingId = () => (typeof ids.world === 'number' ? 999_999 : '0'.repeat(23) + '1')
const h1 = (html: string) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1]
const errorPaths = (answer: Answer) => (JSON.parse(answer.body).errors ?? []).flatMap((error: any) => error.data?.errors?.map((each: any) => each.path) ?? [])

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  roles = await seedRoleClients(payload, stack.server.url)
  const { author, otherAuthor } = roles.ids

  const world = await payload.create({ collection: 'categories', data: { name: 'World' } })
  const climate = await payload.create({ collection: 'categories', data: { name: 'Climate Talks' } })
  const data = await sharp({ create: { background: '#336699', channels: 3, height: 300, width: 600 } }).png().toBuffer()
  const hero = await payload.create({ collection: 'media', data: { alt: 'Harbour at dawn', credit: 'Wire' }, file: { data, mimetype: 'image/png', name: 'harbour.png', size: data.length } })

  // Published by the other author, then edited: the latest draft has a new title.
  const { article: edited } = await publishArticle(payload, { authors: [otherAuthor], categories: [world.id], summary: 'Published summary.', title: 'Published title' })
  await payload.update({ collection: 'articles', data: { title: 'Draft title after publishing' }, draft: true, id: edited.id })
  // Published by the other author, no draft since.
  const { article: settled } = await publishArticle(payload, { authors: [otherAuthor], title: 'Settled published article' })
  const own = await payload.create({ collection: 'articles', data: { _status: 'draft', authors: [author], body: paragraph('Own draft body.'), title: 'Own draft' }, draft: true })
  const others = await payload.create({ collection: 'articles', data: { _status: 'draft', authors: [otherAuthor], title: 'Other author draft' }, draft: true })
  Object.assign(ids, { climate: climate.id, edited: edited.id, hero: hero.id, others: others.id, own: own.id, settled: settled.id, world: world.id })
}, 300_000)

afterAll(async () => {
  await stack?.close()
})

describe('who may preview', () => {
  it('refuses visitors with 401 on GET and POST, privately, and the read cache passes the path by', async () => {
    for (const answer of [await preview('anonymous', ids.settled), await preview('anonymous', ids.settled, { data: { title: 'x' } })]) {
      expect(answer.status).toBe(401)
      expect(answer.headers.get('cache-control')).toBe('private, no-store')
      expect(answer.body).not.toContain('Settled published article')
    }
    // Not cacheable even without credentials, and not answered from memory on a second request.
    const scope = { cookiePrefix: 'payload', publicCollections: DEFAULT_PUBLIC_COLLECTIONS, publicGlobals: DEFAULT_PUBLIC_GLOBALS, rootReadPaths: [] }
    expect(classifyRequest({ headers: {}, method: 'GET', url: `/api/articles/${ids.settled}/live-preview` }, scope).cacheable).toBe(false)
    expect(classifyRequest({ headers: {}, method: 'GET', url: `/api/articles/${ids.settled}/LIVE-PREVIEW` }, scope).cacheable).toBe(false)
    expect((await preview('anonymous', ids.settled)).headers.get('x-cache')).toBe('BYPASS')
  })

  it('shows editors and admins the latest draft of any article', async () => {
    for (const role of ['editor', 'admin'] as const) {
      const answer = await preview(role, ids.edited)
      expect(answer.status).toBe(200)
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
      expect(answer.headers.get('cache-control')).toBe('private, no-store')
      expect(h1(answer.body)).toBe('Draft title after publishing')
      expect((await preview(role, ids.others)).status).toBe(200)
    }
  })

  it('shows an author what authors may read and nothing else, as the REST API does with drafts', async () => {
    expect(h1((await preview('author', ids.own)).body)).toBe('Own draft')
    expect(h1((await preview('author', ids.settled)).body)).toBe('Settled published article')
    expect((await preview('author', ids.others)).status).toBe(404)
    // Another author's pending edit is not theirs to read: they see the published article.
    expect(h1((await preview('author', ids.edited)).body)).toBe('Published title')
    expect((await preview('author', ids.others, { data: { title: 'Peek' } })).status).toBe(404)
    for (const id of [ids.own, ids.settled, ids.others, ids.edited]) {
      const rest = await roles.author.rest('GET', `/articles/${id}?draft=true&depth=0`)
      const answer = await preview('author', id)
      expect(answer.status, `article ${id}`).toBe(rest.status)
      if (rest.status === 200) expect(h1(answer.body)).toBe(rest.body.title)
    }
    expect(h1((await preview('otherAuthor', ids.others)).body)).toBe('Other author draft')
  })

  it('answers 404 for an article that does not exist and 400 for an id that cannot be one', async () => {
    expect((await preview('editor', missingId())).status).toBe(404)
    const bad = await preview('editor', 'abc')
    expect(bad.status).toBe(400)
    expect(errorPaths(bad)).toEqual(['id'])
  })
})

describe('the page it renders', () => {
  it('is the static site page of the stored draft: sections, categories, the site styles inlined, and the preview script', async () => {
    const { body } = await preview('editor', ids.edited)
    expect(body).toMatch(/^<!doctype html>/)
    expect(body).toContain('<nav aria-label="Categories"><ul class="categories"><li><a href="../categories/world.html">World</a></li></ul></nav>')
    expect(body).toContain('<p class="summary">Published summary.</p>')
    for (const kind of ['opinion', 'action', 'todo']) expect(body).toContain(`commentary-${kind}`)
    expect(body).toContain('<style>')
    expect(body).not.toMatch(/<link rel="stylesheet"/)
    expect(body).toContain("'payload-live-preview'")
    expect(body.indexOf('payload-live-preview')).toBeLessThan(body.lastIndexOf('</body>'))
  })

  it("overlays the form's unsaved fields — title, summary, body, source, categories, hero image — and stores nothing", async () => {
    const before = await payload.findByID({ collection: 'articles', draft: true, id: ids.edited })
    const versions = (await payload.findVersions({ collection: 'articles', limit: 0, where: { parent: { equals: ids.edited } } })).totalDocs
    const answer = await preview('editor', ids.edited, {
      data: {
        _status: 'draft',
        authors: [roles.ids.otherAuthor],
        body: paragraph('Typed body <not a tag>'),
        categories: [ids.climate, { id: ids.world }],
        heroImage: ids.hero,
        id: ids.edited,
        slug: 'ignored-slug',
        source: { byline: 'Ann Typist', outlet: 'Harbour Gazette', publishedAt: '2025-08-17T14:28:00.000Z', url: 'https://example.org/harbour' },
        summary: 'Typed summary.',
        title: 'Typed title & more',
      },
    })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('cache-control')).toBe('private, no-store')
    const html = answer.body
    expect(h1(html)).toBe('Typed title &amp; more')
    expect(html).toContain('<title>Typed title &amp; more · Broadside</title>')
    expect(html).toContain('<p class="summary">Typed summary.</p>')
    expect(html).toContain('Typed body &lt;not a tag&gt;')
    expect(html).toContain('<a href="https://example.org/harbour" rel="noopener">Harbour Gazette</a>')
    expect(html).toContain('<span class="byline">by Ann Typist</span>')
    expect(html).toContain('<time datetime="2025-08-17T14:28:00.000Z">Sunday, August 17, 2025, 2:28 PM UTC</time>')
    expect(html).toMatch(/<li><a href="..\/categories\/climate-talks.html">Climate Talks<\/a><\/li><li><a href="..\/categories\/world.html">World<\/a><\/li>/)
    // The image from this server, relative (the preview is served here).
    expect(html).toMatch(/<img src="\/api\/media\/file\/harbour[^"]*" alt="Harbour at dawn" width="600" height="300">/)
    // The sections still come from the database.
    expect(html).toContain('Our opinion on Published title')

    const after = await payload.findByID({ collection: 'articles', draft: true, id: ids.edited })
    expect(after.title).toBe(before.title)
    expect(after.updatedAt).toBe(before.updatedAt)
    expect((await payload.findVersions({ collection: 'articles', limit: 0, where: { parent: { equals: ids.edited } } })).totalDocs).toBe(versions)
    expect((await payload.findByID({ collection: 'articles', id: ids.edited })).title).toBe('Published title')
  })

  it('keeps the stored value of a field the form does not send, and renders cleared fields empty', async () => {
    const kept = await preview('editor', ids.edited, { data: { title: 'Only the title' } })
    expect(h1(kept.body)).toBe('Only the title')
    expect(kept.body).toContain('<p class="summary">Published summary.</p>')
    const cleared = await preview('editor', ids.edited, { data: { body: null, categories: [], heroImage: null, source: null, summary: null, title: '' } })
    expect(cleared.status).toBe(200)
    expect(cleared.body).not.toContain('class="summary"')
    expect(cleared.body).not.toContain('aria-label="Categories"')
    expect(h1(cleared.body)).toBe('')
  })

  it('renders a source URL still being typed (no URL yet) instead of failing', async () => {
    const answer = await preview('editor', ids.edited, { data: { source: { outlet: '', url: 'https://exa' } } })
    expect(answer.status).toBe(200)
    const typing = await preview('editor', ids.edited, { data: { source: { outlet: null, url: 'htt' } } })
    expect(typing.status).toBe(200)
  })

  it('shows a category the author may read, and leaves out one that does not exist', async () => {
    const answer = await preview('author', ids.own, { data: { categories: [ids.world, missingId()] } })
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('>World</a>')
  })
})

describe('bad input', () => {
  const cases: [string, unknown, string][] = [
    ['no data', {}, 'data'],
    ['data not an object', { data: 'title' }, 'data'],
    ['a title that is not text', { data: { title: 5 } }, 'title'],
    ['a summary that is not text', { data: { summary: ['a'] } }, 'summary'],
    ['a body without its root', { data: { body: { root: 'x' } } }, 'body'],
    ['a body whose children are not a list', { data: { body: { root: { children: {}, type: 'root' } } } }, 'body'],
    ['a body node without a type', { data: { body: { root: { children: [{ text: 'x' }], type: 'root' } } } }, 'body'],
    ['a source that is not an object', { data: { source: 'x' } }, 'source'],
    ['a source URL that is not text', { data: { source: { url: 1 } } }, 'source.url'],
    ['a source date that is no date', { data: { source: { publishedAt: 'last Tuesday' } } }, 'source.publishedAt'],
    ['categories that are not a list', { data: { categories: 'world' } }, 'categories'],
    ['a category id that cannot be one', { data: { categories: ['abc'] } }, 'categories.0'],
    ['a hero image that is not an id', { data: { heroImage: { name: 'x' } } }, 'heroImage'],
    ['a petition id that cannot be one', { data: { petition: -1 } }, 'petition'],
  ]
  for (const [name, body, path] of cases) {
    it(`${name} → 400 naming ${path}`, async () => {
      const answer = await preview('editor', ids.edited, body)
      expect(answer.status).toBe(400)
      expect(answer.headers.get('cache-control')).toBe('private, no-store')
      expect(errorPaths(answer)).toEqual([path])
    })
  }

  it('refuses bodies that are not one JSON object with a 4xx', async () => {
    for (const [body, type] of [
      ['{"data":', 'application/json'],
      ['[1]', 'application/json'],
      ['title=x', 'application/x-www-form-urlencoded'],
    ] as const) {
      const answer = await preview('editor', ids.edited, body, type)
      expect(answer.status, `${type} ${body}`).toBeGreaterThanOrEqual(400)
      expect(answer.status, `${type} ${body}`).toBeLessThan(500)
    }
  })
})
