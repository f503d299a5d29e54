// The exact read cache: anonymous reads are answered from memory, yet each change is visible
// to the very next anonymous read (through this process or a second one on the same
// database); drafts and signed-in answers never enter it; HTTP caching headers and 304s.
import type { Payload } from 'payload'

import http from 'node:http'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Api } from '../helpers/api'
import { paragraph, publishArticle, REQUIRED_KINDS } from '../helpers/articles'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
/** The one origin CORS_ORIGINS lets call the signers list from a browser. */
const SITE_ORIGIN = 'https://static.example.test'
let payload: Payload
let admin: Api
/** A second server process on the same database. */
let second: TestServer

beforeAll(async () => {
  stack = await startTestStack({ env: { CORS_ORIGINS: SITE_ORIGIN, READ_CACHE_COUNT_S: '1' } })
  ;({ admin, payload } = stack)
  second = await startTestServer({ env: { DATABASE_URI: stack.server.database!.uri, READ_CACHE_COUNT_S: '1' } })
})
afterAll(async () => {
  await second?.stop()
  await stack?.close()
})

type Read = { body: any; etag: null | string; headers: Headers; status: number; text: string; xCache: null | string }

async function read(path: string, { base = stack.server.url, headers = {}, method = 'GET' }: { base?: string; headers?: Record<string, string>; method?: string } = {}): Promise<Read> {
  const response = await fetch(`${base}/api${path}`, { headers, method })
  const text = await response.text()
  let body: any
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { body, etag: response.headers.get('etag'), headers: response.headers, status: response.status, text, xCache: response.headers.get('x-cache') }
}

/**
 * Reads until the answer comes from the cache, and returns it. A write still finishing from an
 * earlier test (a job, a related-list refill) may start a new generation between two reads, so
 * it reads again rather than expecting the second read to hit.
 */
async function untilHit<T extends { xCache: null | string }>(readOnce: () => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const answer = await readOnce()
    if (answer.xCache === 'HIT') return answer
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the answer never came from the cache')
}

const cached = (path: string, base = stack.server.url): Promise<Read> => untilHit(() => read(path, { base }))

async function gql(query: string, { base = stack.server.url, token }: { base?: string; token?: string } = {}) {
  const response = await fetch(`${base}/api/graphql`, {
    body: JSON.stringify({ query }),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
    method: 'POST',
  })
  return { body: (await response.json()) as any, headers: response.headers, xCache: response.headers.get('x-cache') }
}

let serial = 0
const title = (what: string) => `${what} ${++serial} ${Date.now()}`

async function draftWithSections(name: string) {
  const draft = await payload.create({ collection: 'articles', data: { _status: 'draft', title: name }, draft: true })
  for (const [order, kind] of REQUIRED_KINDS.entries()) {
    await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`Our ${kind} on ${name}`), kind, order } })
  }
  return draft
}

const LIST = '/articles?limit=100&depth=0&sort=-createdAt'

describe('changes are visible to the very next anonymous read', () => {
  it('a publish', async () => {
    const draft = await draftWithSections(title('Published later'))
    expect((await cached(LIST)).text).not.toContain(draft.title)
    expect((await admin.rest('PATCH', `/articles/${draft.id}`, { _status: 'published' })).status).toBe(200)
    expect((await read(LIST)).text).toContain(draft.title)
  })

  it('an unpublish', async () => {
    const { article } = await publishArticle(payload, { title: title('Unpublished later') })
    expect((await cached(LIST)).text).toContain(article.title)
    expect((await admin.rest('PATCH', `/articles/${article.id}`, { _status: 'draft' })).status).toBe(200)
    expect((await read(LIST)).text).not.toContain(article.title)
  })

  it('a live section edit', async () => {
    const { article, sections } = await publishArticle(payload, { title: title('Live edit') })
    const path = `/sections?where[article][equals]=${article.id}&depth=0`
    expect((await cached(path)).text).not.toContain('Updated as it happened')
    expect((await admin.rest('PATCH', `/sections/${sections[0]!.id}`, { body: paragraph('Updated as it happened') })).status).toBe(200)
    expect((await read(path)).text).toContain('Updated as it happened')
  })

  it('a related-list change (a new related article published)', async () => {
    const topic = 'glacier meltwater avalanche crevasse icefield moraine alpine thaw'
    const { article } = await publishArticle(payload, { body: paragraph(topic) as any, summary: topic, title: title('Glacier melt') })
    const path = `/related-links?where[from][equals]=${article.id}&depth=0`
    expect((await cached(path)).body.docs).toHaveLength(0)
    const draft = await payload.create({ collection: 'articles', data: { _status: 'draft', body: paragraph(topic) as any, summary: topic, title: title('Glacier thaw') }, draft: true })
    for (const [order, kind] of REQUIRED_KINDS.entries()) {
      await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(kind), kind, order } })
    }
    expect((await admin.rest('PATCH', `/articles/${draft.id}`, { _status: 'published' })).status).toBe(200)
    expect((await read(path)).body.docs.map((link: any) => link.to)).toContain(draft.id)
  })

  it('a category rename', async () => {
    const category = await payload.create({ collection: 'categories', data: { name: title('Weather') } })
    const path = '/categories?limit=100'
    expect((await cached(path)).text).toContain(category.name)
    const renamed = title('Climate')
    expect((await admin.rest('PATCH', `/categories/${category.id}`, { name: renamed })).status).toBe(200)
    expect((await read(path)).text).toContain(renamed)
  })

  it('a media alt change', async () => {
    const png = await sharp({ create: { background: '#889', channels: 3, height: 4, width: 4 } }).png().toBuffer()
    const media = await payload.create({ collection: 'media', data: { alt: 'A grey sky' }, file: { data: png, mimetype: 'image/png', name: `sky-${serial}.png`, size: png.length } })
    const path = `/media/${media.id}`
    expect((await cached(path)).body.alt).toBe('A grey sky')
    expect((await admin.rest('PATCH', path, { alt: 'A blue sky' })).status).toBe(200)
    expect((await read(path)).body.alt).toBe('A blue sky')
  })

  it('a site-settings change', async () => {
    const path = '/globals/site-settings'
    await cached(path)
    const tagline = title('News that moves')
    expect((await admin.rest('POST', path, { tagline })).status).toBe(200)
    expect((await read(path)).body.tagline).toBe(tagline)
  })

  it('a petition status change', async () => {
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: title('Save the pier') } as any })
    const path = `/petitions/${petition.id}`
    expect((await cached(path)).body.status).toBe('open')
    expect((await admin.rest('PATCH', path, { status: 'closed' })).status).toBe(200)
    expect((await read(path)).body.status).toBe('closed')
  })

  it('a change through one process, read through another that had it cached', async () => {
    const draft = await draftWithSections(title('Across processes'))
    expect((await cached(LIST, second.url)).text).not.toContain(draft.title)
    expect((await admin.rest('PATCH', `/articles/${draft.id}`, { _status: 'published' })).status).toBe(200)
    const next = await read(LIST, { base: second.url })
    expect(next.text).toContain(draft.title)
  })

  it("a scheduled publish, run by the server's job queue", async () => {
    const draft = await draftWithSections(title('Published on schedule'))
    expect((await cached(LIST)).text).not.toContain(draft.title)
    await payload.jobs.queue({
      input: { doc: { relationTo: 'articles', value: draft.id }, type: 'publish' },
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    let status: string | null | undefined = 'draft'
    for (let attempt = 0; attempt < 100 && status !== 'published'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      status = (await payload.findByID({ collection: 'articles', id: draft.id }))._status
    }
    expect(status).toBe('published')
    expect((await read(LIST)).text).toContain(draft.title)
  })

  it('a GraphQL query', async () => {
    const query = '{ Categories(limit: 50, sort: "-createdAt") { docs { name } } }'
    await untilHit(() => gql(query))
    const category = await payload.create({ collection: 'categories', data: { name: title('Transport') } })
    expect(JSON.stringify((await gql(query)).body)).toContain(category.name)
  })
})

describe('what never enters the cache', () => {
  it('drafts: anonymous draft=true bypasses, and an editor reading a draft does not fill it', async () => {
    const { article } = await publishArticle(payload, { title: title('Published face') })
    await payload.update({ collection: 'articles', data: { title: 'Secret draft title' }, draft: true, id: article.id })
    const anonymousDraft = await read(`/articles/${article.id}?draft=true`)
    expect(anonymousDraft.xCache).toBe('BYPASS')
    expect(anonymousDraft.text).not.toContain('Secret draft title')
    // Nor may a CDN keep what the cache passed over.
    expect(anonymousDraft.headers.get('cache-control')).toMatch(/no-store/)
    expect((await read('/users/me')).headers.get('cache-control')).toMatch(/no-store/)

    const editorRead = await read(`/articles/${article.id}`, { headers: { authorization: `JWT ${admin.token}` } })
    expect(editorRead.xCache).toBe('BYPASS')
    const visitor = await read(`/articles/${article.id}`)
    expect(visitor.text).not.toContain('Secret draft title')
    expect(visitor.body.title).toBe(article.title)
  })

  it('signed-in answers are never cached and say private, no-store', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await read(LIST, { headers: { authorization: `JWT ${admin.token}` } })
      expect(answer.xCache).toBe('BYPASS')
      expect(answer.headers.get('cache-control')).toBe('private, no-store')
      const byCookie = await read(LIST, { headers: { cookie: `payload-token=${admin.token}` } })
      expect(byCookie.xCache).toBe('BYPASS')
      expect(byCookie.headers.get('cache-control')).toBe('private, no-store')
    }
  })

  it('GraphQL mutations and signed-in queries', async () => {
    const mutation = `mutation { createCategory(data: { name: "${title('Mutated')}" }) { id } }`
    expect((await gql(mutation, { token: admin.token })).xCache).toBe('BYPASS')
    const signedIn = await gql('{ Categories { docs { name } } }', { token: admin.token })
    expect(signedIn.xCache).toBe('BYPASS')
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store')
  })

  it('GraphQL with a query string on its URL (Payload reads ?draft= there too)', async () => {
    const query = '{ Categories(limit: 3) { docs { name } } }'
    for (const search of ['?draft=true', '?locale=fr', '?x=1']) {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${stack.server.url}/api/graphql${search}`, { body: JSON.stringify({ query }), headers: { 'content-type': 'application/json' }, method: 'POST' })
        expect(response.status).toBe(200)
        expect(response.headers.get('x-cache'), search).toBe('BYPASS')
      }
    }
  })

  it("Payload's GraphQL auth queries (initializedUser turns true with the first account, which starts no generation)", async () => {
    for (const query of ['{ initializedUser }', '{ ...F } fragment F on Query { initializedUser }']) {
      for (let i = 0; i < 2; i++) expect((await gql(query)).xCache, query).toBe('BYPASS')
    }
  })

  it('private routes', async () => {
    expect((await read('/users/me')).xCache).toBe('BYPASS')
    expect((await read('/access')).xCache).toBe('BYPASS')
    expect((await read('/articles', { headers: { 'x-payload-http-method-override': 'GET' } })).xCache).toBe('BYPASS')
  })
})

describe('HTTP caching', () => {
  it('a strong ETag, public Cache-Control, and 304 for a matching If-None-Match', async () => {
    const first = await read(LIST)
    expect(first.etag).toMatch(/^"[\w-]+"$/)
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=30')
    const notModified = await read(LIST, { headers: { 'if-none-match': first.etag! } })
    expect(notModified.status).toBe(304)
    expect(notModified.text).toBe('')
    expect(notModified.etag).toBe(first.etag)
    expect((await read(LIST, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200)
  })

  it('HEAD shares the GET answer, without a body', async () => {
    const get = await read('/categories?limit=5')
    const head = await read('/categories?limit=5', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
    expect(head.etag).toBe(get.etag)
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(get.text)))
  })

  it('a 304 carries only what a cache updates its copy with: no body headers, no security or tag headers', async () => {
    const hit = await cached('/categories?limit=3')
    const notModified = await read('/categories?limit=3', { headers: { 'if-none-match': hit.etag! } })
    expect(notModified.status).toBe(304)
    const names = [...notModified.headers.keys()].filter((name) => !['connection', 'date', 'keep-alive'].includes(name)).sort()
    expect(names).toEqual(['cache-control', 'etag', 'vary', 'x-cache'])
    expect(notModified.headers.get('vary')).toBe('Authorization, Cookie')
  })

  it('a stored answer carries the headers of the computed one (security headers, cache tags, type, length)', async () => {
    const path = `/articles?limit=2&depth=0&where[title][not_equals]=${encodeURIComponent(title('headers'))}`
    const miss = await read(path)
    expect(miss.xCache).toBe('MISS')
    const hit = await untilHit(() => read(path))
    expect(hit.text).toBe(miss.text)
    const comparable = (headers: Headers) => [...headers].filter(([name]) => !['date', 'x-cache'].includes(name))
    expect(comparable(hit.headers)).toEqual(comparable(miss.headers))
    expect(hit.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(hit.headers.get('surrogate-key')).toContain('articles')
    expect(hit.headers.get('content-length')).toBe(String(Buffer.byteLength(hit.text)))
  })

  it('a GET that sends a body goes through the host (its body limit), not the stored answer', async () => {
    await cached('/categories?limit=4')
    const tooBig = await new Promise<number>((resolve, reject) => {
      // fetch() refuses a GET body; a raw request sends one, as odd clients do.
      const url = new URL(`${stack.server.url}/api/categories?limit=4`)
      const request = http.request(url, { headers: { 'content-length': String(20 * 1024 * 1024), 'content-type': 'application/json' }, method: 'GET' }, (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      })
      request.on('error', reject)
      request.end()
    })
    expect(tooBig).toBe(413)
  })

  it('the signers list is never stored, in any letter case: its CORS grant belongs to the request', async () => {
    // Express routes, and Payload matches the petition's endpoints, in any letter case: `/SIGNERS`
    // is the signers list, with the host's CORS middleware in front of it. Stored, the first
    // client's Access-Control-Allow-Origin (or its absence) would be replayed to the next.
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: title('Cors') } as any })
    for (const action of ['SIGNERS', 'Signers', 'signers']) {
      const path = `/petitions/${petition.id}/${action}?limit=5`
      const asSite = await read(path, { headers: { origin: SITE_ORIGIN } })
      expect(asSite.status).toBe(200)
      expect(asSite.xCache).toBe('BYPASS')
      expect(asSite.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN)
      expect(asSite.headers.get('vary') ?? '').toMatch(/\bOrigin\b/i)
      const plain = await read(path)
      expect(plain.xCache).toBe('BYPASS')
      expect(plain.headers.get('access-control-allow-origin')).toBeNull()
      const elsewhere = await read(path, { headers: { origin: 'https://elsewhere.example.test' } })
      expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull()
    }
  })


  it('the same request in other words shares one entry', async () => {
    // Settled first (a hit on its own words), so a miss below can only mean another key.
    await cached('/categories?limit=7&sort=name')
    expect((await read('/categories?sort=name&limit=7')).xCache).toBe('HIT')
    expect((await read('/c%61tegories?sort=name&limit=7')).xCache).toBe('HIT')
  })
})

describe('petition counts', () => {
  it('a signature shows in the count within READ_CACHE_COUNT_S', async () => {
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: title('Count me') } as any })
    const path = `/petitions/${petition.id}`
    expect((await cached(path)).body.signatureCount).toBe(0)
    const signed = await fetch(`${stack.server.url}/api/petitions/${petition.id}/sign`, {
      body: JSON.stringify({ email: 'counted@example.org', name: 'Counted' }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(signed.status).toBeLessThan(300)
    let count = 0
    for (let attempt = 0; attempt < 100 && count === 0; attempt++) {
      count = (await read(path)).body.signatureCount
      if (count === 0) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(count).toBe(1)
  })

  it('a GraphQL query that renames the count (an alias) still sees a signature within READ_CACHE_COUNT_S', async () => {
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: title('Count me by alias') } as any })
    const query = `{ Petition(id: ${JSON.stringify(petition.id)}) { id tally: signatureCount } }`
    const hit = await untilHit(() => gql(query))
    expect(hit.body.data.Petition.tally).toBe(0)
    const signed = await fetch(`${stack.server.url}/api/petitions/${petition.id}/sign`, {
      body: JSON.stringify({ email: 'aliased@example.org', name: 'Aliased' }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(signed.status).toBeLessThan(300)
    let tally = 0
    for (let attempt = 0; attempt < 50 && tally === 0; attempt++) {
      tally = (await gql(query)).body.data.Petition.tally
      if (tally === 0) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(tally).toBe(1)
  })
})

describe('READ_CACHE_MB=0', () => {
  it('turns the cache off and keeps the HTTP caching headers', async () => {
    const off = await startTestServer({ env: { DATABASE_URI: stack.server.database!.uri, READ_CACHE_MB: '0' } })
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await read(LIST, { base: off.url })
        expect(answer.xCache).not.toBe('HIT')
        expect(answer.etag).toMatch(/^"/)
      }
    } finally {
      await off.stop()
    }
  })
})
