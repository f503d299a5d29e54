// Property-based: generated bad requests against every REST route the config declares (Payload's
// and ours, read from the collections', globals' and root endpoint lists) and GraphQL. Each
// request carries at least one defect of form — an id that is not an id, a query parameter that
// does not fit, a body that is not a JSON object — and the property is: a 4xx (never a 5xx), an
// answer within 10 s, and nothing stored changed. Run counts are kept modest so the file takes
// about a minute; a failure prints the seed and the shrunk request to replay.
import type { Endpoint, Payload } from 'payload'

import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { publishArticle } from '../helpers/articles'
import { storedState } from '../helpers/storedState'
import { startTestStack, type TestStack } from '../helpers/testStack'

const ANSWER_WITHIN_MS = 10_000

let stack: TestStack
let payload: Payload
/** An existing document per collection, so a route's other parameters point at something real. */
const existing: Record<string, number | string> = {}

beforeAll(async () => {
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
  stack = await startTestStack({
    env: { LOGIN_RATE_PER_IP: '100000', SIGN_RATE_PER_IP: '100000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
  })
  payload = stack.payload
  const { article, sections } = await publishArticle(payload, { title: 'Fuzzed article' })
  const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Fuzzed petition' } as never })
  const webhook = await payload.create({ collection: 'webhooks', data: { active: false, events: ['*'], name: 'Builder', url: 'http://127.0.0.1:9/hook' } as never })
  const delivery = await payload.create({
    collection: 'webhook-deliveries',
    data: { eventTypes: ['webhook.test'], items: [], messageId: 'msg_fuzz', sendAt: new Date().toISOString(), status: 'dead', webhook: webhook.id } as never,
  })
  Object.assign(existing, { articles: article.id, 'webhook-deliveries': delivery.id, petitions: petition.id, sections: sections[0]!.id, webhooks: webhook.id })
})
afterAll(async () => {
  await stack?.close()
})

type Route = { method: string; path: string; scope: string }

/** Every endpoint the config declares, with its parameters still in (`/api/articles/:id/duplicate`). */
function declaredRoutes(): Route[] {
  const routes: Route[] = []
  const add = (scope: string, prefix: string, endpoints: Endpoint[] | false | undefined) => {
    for (const endpoint of endpoints || []) routes.push({ method: endpoint.method.toUpperCase(), path: `${prefix}${endpoint.path === '/' ? '' : endpoint.path}`, scope })
  }
  for (const [slug, collection] of Object.entries(payload.collections)) add(slug, `/${slug}`, collection.config.endpoints)
  for (const global of payload.config.globals) add(global.slug, `/globals/${global.slug}`, global.endpoints)
  add('', '', payload.config.endpoints)
  return routes.filter((route) => ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].includes(route.method))
}

/** Fills a route's parameters: `:id` with `id` (or a real document's), the rest with plain words. */
function fill(route: Route, id?: string): string {
  return `/api${route.path}`
    .replace(/:id\??/g, id ?? encodeURIComponent(String(existing[route.scope] ?? 1)))
    .replace(/:filename\??/g, 'picture.png')
    .replace(/:[a-z]+\??/gi, 'key')
}

type Generated = { anonymous: boolean; body?: BodyInit; method: string; type?: string; url: string }

async function send(request: Generated): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {}
  if (request.type !== undefined) headers['content-type'] = request.type
  if (!request.anonymous) headers.authorization = `JWT ${stack.admin.token}`
  const response = await fetch(`${stack.server.url}${request.url}`, {
    body: request.body,
    headers,
    method: request.method,
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  })
  return { status: response.status, text: (await response.text()).slice(0, 300) }
}

/** The property: refused with a 4xx, in time; checked per run, and nothing stored changed, checked per property. */
async function holdsFor(arbitrary: fc.Arbitrary<Generated>, numRuns: number) {
  const before = await storedState(payload)
  await fc.assert(
    fc.asyncProperty(arbitrary, async (request) => {
      const { status, text } = await send(request)
      if (status < 400 || status >= 500) throw new Error(`${request.method} ${request.url} answered ${status}: ${text}`)
    }),
    { numRuns },
  )
  expect(await storedState(payload)).toEqual(before)
}

// --- defects ---

const digitsOnly = (text: string) => /^\d+$/.test(text)
const notDotSegment = (text: string) => text !== '.' && text !== '..'

/** Ids that are not ids: words, non-finite and fractional numbers, control characters, paths, numbers past the column. */
const badId = fc.oneof(
  fc.constantFrom('abc', 'NaN', 'Infinity', '-Infinity', '%00', '1\u0000', '../../users', '1.5', '1e3', '0', '-1', ' 1', '0x10', 'null', 'undefined', '[object Object]'),
  fc.string({ minLength: 1 }).filter((text) => !digitsOnly(text) && notDotSegment(text)),
  fc.bigInt({ max: 10n ** 30n, min: 2n ** 31n }).map(String),
  fc.double({ noNaN: false }).map(String).filter((text) => !digitsOnly(text)),
)

const numberParam = fc.constantFrom('limit', 'page', 'depth')
const badNumber = fc.oneof(
  fc.constantFrom('1e400', '-1', 'NaN', 'Infinity', '99999999999999999999', '1.5', 'abc', '', '1e300', '0x10', '1,2'),
  fc.string().filter((text) => !digitsOnly(text.trim())),
  fc.bigInt({ max: 10n ** 40n, min: 10n ** 16n }).map(String),
)
const notADate = fc.string().filter((text) => text !== '' && text !== 'null' && !text.includes(',') && Number.isNaN(new Date(text).getTime()))
// `null` and '' ask for "no id", and -5 is a fine bound for `greater_than`: real conditions, left out.
const notAnIdList = fc.array(badId, { maxLength: 3, minLength: 1 }).map((list) => list.join(',')).filter((text) => text !== 'null' && text !== '')
const notAnIdBound = fc.oneof(fc.string(), badId).filter((text) => !/^-?\d{1,9}$/.test(text))
const enc = encodeURIComponent

/** A `where` that does not fit: fields every collection, global and version list has (id, createdAt, updatedAt). */
const badWhere = fc.oneof(
  fc.tuple(fc.constantFrom('equals', 'not_equals', 'in', 'not_in', 'all'), notAnIdList).map(([op, value]) => `where[id][${op}]=${enc(value)}`),
  fc.tuple(fc.constantFrom('greater_than', 'less_than_equal'), notAnIdBound).map(([op, value]) => `where[id][${op}]=${enc(value)}`),
  fc.tuple(fc.constantFrom('createdAt', 'updatedAt'), fc.constantFrom('equals', 'greater_than', 'less_than', 'greater_than_equal', 'in'), notADate).map(
    ([field, op, value]) => `where[${field}][${op}]=${enc(value)}`,
  ),
  fc.tuple(fc.constantFrom('id', 'createdAt', 'updatedAt'), fc.constantFrom('near', 'within', 'intersects'), fc.string()).map(([field, op, value]) => `where[${field}][${op}]=${enc(value)}`),
  fc.tuple(fc.constantFrom('id', 'createdAt'), fc.constantFrom('equals', 'in', 'like'), fc.constantFrom('$ne', '$gt', 'or', '0][x'), fc.string()).map(
    ([field, op, key, value]) => `where[${field}][${op}][${key}]=${enc(value)}`,
  ),
  fc.tuple(fc.constantFrom('id', 'createdAt'), fc.string().filter((text) => !['true', 'false'].includes(text))).map(([field, value]) => `where[${field}][exists]=${enc(value)}`),
  fc.oneof(fc.string(), fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => JSON.stringify(value))).filter(
    (text) => !/^\s*\{/.test(text),
  ).map((text) => `where=${enc(text)}`),
)
/** `select`, `populate` and `joins` that are not field maps: a word, or a join page that is not a whole number. */
const badShape = fc.oneof(
  fc.tuple(fc.constantFrom('select', 'populate', 'joins'), fc.string({ minLength: 1 })).map(([name, value]) => `${name}=${enc(value)}`),
  fc.tuple(fc.constantFrom('limit', 'page'), badNumber).map(([name, value]) => `joins[relatedLinks][${name}]=${enc(value)}`),
)
const badQuery = fc.oneof(fc.tuple(numberParam, badNumber).map(([name, value]) => `${name}=${enc(value)}`), badWhere, badShape)

const notJson = fc.string({ minLength: 1 }).filter((text) => {
  if (!text.trim()) return false
  try {
    JSON.parse(text)
    return false
  } catch {
    return true
  }
})
const notAnObject = fc.jsonValue().filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)).map((value) => JSON.stringify(value))
const tooDeep = fc.tuple(fc.integer({ max: 20_000, min: 257 }), fc.boolean()).map(([depth, lexical]) => {
  if (!lexical) return `{"title":${'['.repeat(depth)}${']'.repeat(depth)}}`
  let node = '{"type":"text","text":"deep","version":1}'
  for (let level = 0; level < depth / 2; level++) node = `{"type":"paragraph","version":1,"children":[${node}]}`
  return `{"title":"Deep","body":{"root":{"type":"root","version":1,"children":[${node}]}}}`
})
const badJson = fc.oneof(notJson, notAnObject, tooDeep)

/** A body that is never a JSON object: as JSON in any letter case, as another type, untyped, or as a multipart `_payload`. */
const badBody: fc.Arbitrary<Pick<Generated, 'body' | 'type'>> = fc.oneof(
  fc.tuple(badJson, fc.constantFrom('application/json', 'APPLICATION/JSON', 'application/json; charset=utf-8')).map(([body, type]) => ({ body, type })),
  fc.tuple(fc.string({ minLength: 1 }).filter((text) => text.trim() !== ''), fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'text/html', 'application/octet-stream')).map(
    ([body, type]) => ({ body, type }),
  ),
  fc.string({ minLength: 1 }).filter((text) => text.trim() !== '').map((text) => ({ body: new TextEncoder().encode(text) })),
  badJson.map((text) => {
    const form = new FormData()
    form.set('_payload', text)
    return { body: form }
  }),
  fc.string({ minLength: 1 }).map((text) => ({ body: `--xyz\r\n${text}`, type: 'multipart/form-data; boundary=xyz' })),
)

describe('generated bad requests on every route', () => {
  it('ids that are not ids, on every route with an :id', async () => {
    // Preferences are found by name (`/:key`, declared before `/:id`), so any word is one; verify takes a token.
    const routes = declaredRoutes().filter((route) => route.path.includes(':id') && !route.path.includes('/verify/') && route.scope !== 'payload-preferences')
    expect(routes.length).toBeGreaterThan(50)
    const request = fc.record({ anonymous: fc.boolean(), id: badId, route: fc.constantFrom(...routes) }).map(({ anonymous, id, route }) => ({
      anonymous,
      method: route.method,
      url: fill(route, enc(id)),
      ...(['PATCH', 'POST', 'PUT'].includes(route.method) ? { body: '{"title":"Renamed"}', type: 'application/json' } : {}),
    }))
    await holdsFor(request, 250)
  })

  it('query parameters that do not fit, on every collection and global route', async () => {
    // Root routes (`/api/access`) read no query parameters: they answer 200 whatever is added.
    const routes = declaredRoutes().filter((route) => route.scope !== '')
    // Collections without timestamps (the term index) have no createdAt to misuse.
    const timestamped = (scope: string) => (payload.collections as Record<string, { config: { timestamps?: boolean } } | undefined>)[scope]?.config.timestamps !== false
    const request = fc
      .record({ anonymous: fc.boolean(), query: badQuery, route: fc.constantFrom(...routes) })
      .filter(({ query, route }) => timestamped(route.scope) || !/createdAt|updatedAt/.test(query))
      .map(({ anonymous, query, route }) => ({
      anonymous,
      method: route.method,
      url: `${fill(route)}?${query}`,
      ...(['PATCH', 'POST', 'PUT'].includes(route.method) ? { body: '{"title":"Renamed"}', type: 'application/json' } : {}),
    }))
    await holdsFor(request, 250)
  })

  it('bodies that are not JSON objects, on every route that takes one', async () => {
    const routes = declaredRoutes().filter((route) => ['PATCH', 'POST', 'PUT'].includes(route.method))
    const request = fc.record({ anonymous: fc.boolean(), body: badBody, route: fc.constantFrom(...routes) }).map(({ anonymous, body, route }) => ({
      anonymous,
      method: route.method,
      url: fill(route),
      ...body,
    }))
    await holdsFor(request, 200)
  })

  it('GraphQL bodies that are not JSON objects', async () => {
    const request = fc.record({ anonymous: fc.boolean(), body: badJson }).map(({ anonymous, body }) => ({
      anonymous,
      body,
      method: 'POST',
      type: 'application/json',
      url: '/api/graphql',
    }))
    await holdsFor(request, 40)
  })
})
