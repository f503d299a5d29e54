// Requests of the wrong shape (issue #13, "No 500s, no silent loss"): bodies that are not JSON
// objects, nesting past any real document, ids that are not ids, `where`/`limit`/`page`/`depth`
// that do not fit. Each used to answer 500 (or, for `1%00`, to reach document 1); each now gets
// a 4xx naming the parameter or field, and leaves everything stored as it was.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { invalidPaths } from '../helpers/api'
import { paragraph, publishArticle } from '../helpers/articles'
import { storedState } from '../helpers/storedState'
import { testEngine } from '../helpers/testDatabase'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
const ids = { article: 0, delivery: 0, petition: 0, webhook: 0 } as Record<string, number | string>

beforeAll(async () => {
  // Webhook endpoints on loopback are allowed here (the Local API validates in this process too).
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
  stack = await startTestStack({ env: { SIGN_RATE_PER_IP: '100000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  payload = stack.payload
  ids.article = (await publishArticle(payload, { title: 'Standing article' })).article.id
  ids.petition = (await payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Standing petition' } as never })).id
  const webhook = await payload.create({ collection: 'webhooks', data: { active: false, events: ['*'], name: 'Builder', url: 'http://127.0.0.1:9/hook' } as never })
  ids.webhook = webhook.id
  ids.delivery = (
    await payload.create({
      collection: 'webhook-deliveries',
      data: { eventTypes: ['webhook.test'], items: [], messageId: 'msg_standing', sendAt: new Date().toISOString(), status: 'dead', webhook: webhook.id } as never,
    })
  ).id
})
afterAll(async () => {
  await stack?.close()
})

type Sent = { body: any; status: number }
type Options = { anonymous?: boolean; body?: BodyInit; type?: string }

/** One request as the signed-in admin (the role that could do most harm), or anonymously. */
async function send(method: string, path: string, { anonymous, body, type }: Options = {}): Promise<Sent> {
  const headers: Record<string, string> = {}
  if (type) headers['content-type'] = type
  if (!anonymous) headers.authorization = `JWT ${stack.admin.token}`
  const response = await fetch(`${stack.server.url}/api${path}`, { body, headers, method })
  const text = await response.text()
  try {
    return { body: JSON.parse(text), status: response.status }
  } catch {
    return { body: text, status: response.status }
  }
}
const json = (text: string): Options => ({ body: text, type: 'application/json' })
const form = (payloadField: string): Options => {
  const data = new FormData()
  data.set('_payload', payloadField)
  return { body: data }
}
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
const lexicalNested = (depth: number) => {
  let node: object = { text: 'deep', type: 'text', version: 1 }
  for (let level = 0; level < depth; level++) node = { children: [node], type: 'paragraph', version: 1 }
  return { root: { children: [node], type: 'root', version: 1 } }
}

/** Runs `probe` for each case and checks that every answer names `path` with `status`, and that nothing stored changed. */
async function expectRefusals(cases: [string, string, Options?][], status: number, path: string | ((route: string) => string)) {
  const before = await storedState(payload)
  const answers: string[] = []
  for (const [method, route, options] of cases) {
    const { body, status: got } = await send(method, route, options)
    const named = invalidPaths(body)
    const wanted = typeof path === 'function' ? path(route) : path
    if (got !== status || !named.includes(wanted)) answers.push(`${method} ${route} → ${got} ${JSON.stringify(body).slice(0, 160)}`)
  }
  expect(answers, `expected ${status} naming ${typeof path === 'string' ? path : 'the parameter'}`).toEqual([])
  expect(await storedState(payload)).toEqual(before)
}

describe('array rows', () => {
  it("a new document reusing another document's array row id gets 400 naming the array, over REST; nothing stored changes", async () => {
    // Found by the #15 review: an admin POST of a petition copied with its `targets[].id` answered
    // 500 (UNIQUE constraint failed: petitions_targets.id / duplicate key on PostgreSQL).
    const first = await send('POST', '/petitions', json(JSON.stringify({ targets: [{ name: 'Mayor' }], title: 'First with a target' })))
    expect(first.status).toBe(201)
    const rowId = first.body.doc.targets[0].id
    const before = await storedState(payload)
    const copy = await send('POST', '/petitions', json(JSON.stringify({ targets: [{ id: rowId, name: 'Mayor' }], title: 'Copied with its row id' })))
    // MongoDB keeps array rows inside their document: another document's row id collides with nothing.
    if (testEngine() === 'mongodb') {
      expect(copy.status).toBe(201)
      return
    }
    expect(copy.status).toBe(400)
    // Ours names the array (SQLite); PostgreSQL's adapter refuses it itself, naming the row's `id`.
    expect(invalidPaths(copy.body).some((path) => path === 'targets' || path === 'id'), JSON.stringify(copy.body)).toBe(true)
    expect(await storedState(payload)).toEqual(before)
    // Its own row ids, sent back on an update, are its own.
    const own = await send('PATCH', `/petitions/${first.body.doc.id}`, json(JSON.stringify({ targets: [{ id: rowId, name: 'Mayor', office: 'City hall' }] })))
    expect(own.status).toBe(200)
  })
})

describe('bodies', () => {
  const writes = () =>
    [
      ['POST', '/articles'],
      ['PATCH', `/articles/${ids.article}`],
      ['PATCH', `/articles?where[id][equals]=${ids.article}`],
      ['POST', '/globals/site-settings'],
      ['POST', `/petitions/${ids.petition}/sign`, { anonymous: true }],
    ] as [string, string, Options?][]

  it('a JSON body that is not an object gets 400 naming the body', async () => {
    // Login too (fewer tries than its rate limit allows).
    const cases = [...writes(), ['POST', '/users/login', { anonymous: true }] as [string, string, Options]].flatMap(([method, route, options]) =>
      ['null', '"str"', '42', 'true', '[]', '[{"title":"x"}]', '{bad'].map((text) => [method, route, { ...options, ...json(text) }] as [string, string, Options]),
    )
    await expectRefusals(cases, 400, 'body')
  })

  it('text/plain, form-encoded, XML and untyped bodies get 415 naming Content-Type', async () => {
    const bodies: Options[] = [
      { body: '{"title":"x","email":"a@example.org","name":"A"}', type: 'text/plain' },
      { body: 'title=x&email=a%40example.org&name=A', type: 'application/x-www-form-urlencoded' },
      { body: '<article><title>x</title></article>', type: 'application/xml' },
      // Bytes set no Content-Type at all.
      { body: new TextEncoder().encode('{"title":"x","email":"a@example.org","name":"A"}') },
    ]
    const cases = writes().flatMap(([method, route, options]) => bodies.map((body) => [method, route, { ...options, ...body }] as [string, string, Options]))
    await expectRefusals(cases, 415, 'Content-Type')
  })

  it('a document write with no body gets 400 naming the body', async () => {
    await expectRefusals(
      [
        ['POST', '/articles'],
        ['PATCH', `/articles/${ids.article}`],
        ['PATCH', `/articles/${ids.article}`, { body: '', type: 'text/plain' }],
        ['PATCH', `/articles?where[id][equals]=${ids.article}`],
      ],
      400,
      'body',
    )
  })

  it('the public sign endpoint takes JSON only: a multipart form, even a well-formed one, gets 415 naming Content-Type', async () => {
    // A form posted from any site reaches it without a CORS preflight; JSON does not.
    const signature = JSON.stringify({ consent: false, email: 'multipart@example.org', name: 'Multi Part' })
    await expectRefusals(
      ['{bad', signature].map((text) => ['POST', `/petitions/${ids.petition}/sign`, { anonymous: true, ...form(text) }] as [string, string, Options]),
      415,
      'Content-Type',
    )
  })

  it('multipart with a malformed _payload gets 400 naming _payload', async () => {
    const routes: [string, Options][] = [
      ['/articles', {}],
      ['/media', {}],
    ]
    const cases = routes.flatMap(([route, options]) => ['{bad', 'null', '42', '[1]', '"x"'].map((text) => ['POST', route, { ...options, ...form(text) }] as [string, string, Options]))
    await expectRefusals([...cases, ['POST', '/articles', form(JSON.stringify({ body: lexicalNested(2_000), title: 'Deep' }))]], 400, '_payload')
    await expectRefusals([['POST', '/articles', { body: 'not a form', type: 'multipart/form-data; boundary=xyz' }]], 400, 'body')
  })

  it('nesting past 256 levels gets 400 naming the body: 100k-deep arrays, a 2,000-deep Lexical body', async () => {
    await expectRefusals(
      [
        ['POST', '/articles', json(nested(100_000))],
        ['POST', '/articles', json(`{"title":${nested(100_000)}}`)],
        ['POST', '/articles', json(JSON.stringify({ body: lexicalNested(2_000), title: 'Deep' }))],
        ['PATCH', `/articles/${ids.article}`, json(JSON.stringify({ body: lexicalNested(2_000) }))],
        ['POST', `/petitions/${ids.petition}/sign`, { anonymous: true, ...json(`{"email":"a@example.org","name":${nested(100_000)}}`) }],
      ],
      400,
      'body',
    )
  })

  it('malformed JSON to GraphQL gets 400, not 500', async () => {
    for (const text of ['{bad', 'null', '[]', nested(100_000)]) {
      const { body, status } = await send('POST', '/graphql', json(text))
      expect(status, text.slice(0, 20)).toBe(400)
      expect(body.errors[0].extensions.code, text.slice(0, 20)).toBe(text === '{bad' ? 'INVALID_JSON' : 'BAD_REQUEST')
    }
  })

  it('what is well-formed still goes through: any letter case of application/json, Lexical bodies of real depth', async () => {
    const upper = await send('POST', '/articles', { body: JSON.stringify({ title: 'Upper case type' }), type: 'APPLICATION/JSON' })
    expect(upper.status).toBe(201)
    const mixed = await send('PATCH', `/articles/${upper.body.doc.id}`, { body: JSON.stringify({ summary: 'Mixed case' }), type: 'Application/Json; charset=UTF-8' })
    expect(mixed.status).toBe(200)
    expect(await payload.findByID({ collection: 'articles', depth: 0, id: upper.body.doc.id })).toMatchObject({ summary: 'Mixed case', title: 'Upper case type' })
    const deep = await send('POST', '/articles', json(JSON.stringify({ body: lexicalNested(100), title: 'Deep but real' })))
    expect(deep.status).toBe(201)
    const withSection = await send('POST', '/sections', json(JSON.stringify({ article: upper.body.doc.id, body: paragraph('Plain'), kind: 'opinion' })))
    expect(withSection.status).toBe(201)
  })
})

describe('ids that are not ids', () => {
  const BAD_IDS = ['abc', 'NaN', 'Infinity', '%00', '1%00', '..%2F..%2Fusers', '1.5', '1e3', '0', '-1', '99999999999', '%20']
  const routes = (id: string): [string, string, Options?][] => [
    ['GET', `/articles/${id}`],
    ['PATCH', `/articles/${id}`, json('{"title":"Renamed"}')],
    ['DELETE', `/articles/${id}`],
    ['POST', `/articles/${id}/duplicate`],
    ['GET', `/articles/versions/${id}`],
    ['POST', `/articles/versions/${id}`],
    ['GET', `/articles/${id}/publish-checklist`],
    ['GET', `/petitions/${id}/signers`, { anonymous: true }],
    ['POST', `/petitions/${id}/sign`, { anonymous: true, ...json('{"email":"a@example.org","name":"A"}') }],
    ['GET', `/petitions/${id}/signatures.csv`],
    ['POST', `/webhooks/${id}/test`],
    ['POST', `/webhooks/${id}/rotate-secret`],
    ['POST', `/webhook-deliveries/${id}/redeliver`],
    ['GET', `/users/${id}`],
    ['DELETE', `/users/${id}`],
    ['GET', `/media/${id}`],
  ]

  it('get 400 naming the id on every route, custom endpoints included, and reach no document', async () => {
    await expectRefusals(
      BAD_IDS.flatMap((id) => routes(id)),
      400,
      'id',
    )
  })

  it('are checked when only the second method-override header says GET (Payload reads either; this answered 500)', async () => {
    const before = await storedState(payload)
    const response = await fetch(`${stack.server.url}/api/articles/abc`, {
      body: '{}',
      headers: {
        authorization: `JWT ${stack.admin.token}`,
        'content-type': 'application/json',
        'x-http-method-override': 'GET',
        'x-payload-http-method-override': 'PATCH',
      },
      method: 'POST',
    })
    expect(response.status).toBe(400)
    expect(invalidPaths(await response.json())).toContain('id')
    expect(await storedState(payload)).toEqual(before)
  })
})

describe('version routes', () => {
  it('on a collection that keeps no versions answer 404 naming versions (they answered 500)', async () => {
    await expectRefusals(
      [
        ['GET', '/related-postings/versions'],
        ['GET', '/related-postings/versions/1'],
        ['POST', '/related-postings/versions/1'],
        ['GET', '/categories/versions'],
        ['GET', '/globals/site-settings/versions/abc'],
      ],
      404,
      'versions',
    )
  })
})

describe('query parameters', () => {
  const list = (query: string): [string, string] => ['GET', `/articles?${query}`]

  it('where operators and values that do not fit the field get 400 naming the condition', async () => {
    const cases: [string, string, string][] = [
      ['where[id][in]=1,2,abc', 'where[id][in]', 'GET'],
      ['where[id][equals]=%00', 'where[id][equals]', 'GET'],
      ['where[title][equals]=%00', 'where[title][equals]', 'GET'],
      ['where[publishedAt][greater_than]=notadate', 'where[publishedAt][greater_than]', 'GET'],
      ['where[source.publishedAt][less_than]=never', 'where[source.publishedAt][less_than]', 'GET'],
      ['where[title][near]=1,2', 'where[title][near]', 'GET'],
      ['where[title][within]=x', 'where[title][within]', 'GET'],
      ['where[title][intersects]=x', 'where[title][intersects]', 'GET'],
      ['where[publishedAt][near]=1,2', 'where[publishedAt][near]', 'GET'],
      ['where[title][equals][$ne]=x', 'where[title][equals]', 'GET'],
      ['where[categories][equals]=abc', 'where[categories][equals]', 'GET'],
      ['where[categories][in]=x,y', 'where[categories][in]', 'GET'],
      ['where[id][exists]=maybe', 'where[id][exists]', 'GET'],
      ['where[or][0][id][like]=1', 'where[or][0][id][like]', 'GET'],
      ['where=notanobject', 'where', 'GET'],
      ['where=[1,2]', 'where', 'GET'],
      ['where={"id":{"in":[1,"abc"]}}', 'where[id][in]', 'GET'],
      // Bulk writes whose condition would have been dropped reach every document: refused, nothing changes.
      ['where[publishedAt][greater_than]=notadate', 'where[publishedAt][greater_than]', 'DELETE'],
      ['where[id][in]=abc', 'where[id][in]', 'DELETE'],
      // Payload's MongoDB adapter drops a condition on one id that is not an ObjectId: this deleted every article there.
      ['where[id][equals]=abc', 'where[id][equals]', 'DELETE'],
      ['where[publishedAt][less_than]=never', 'where[publishedAt][less_than]', 'PATCH'],
    ]
    const before = await storedState(payload)
    for (const [query, path, method] of cases) {
      const response = await send(method, `/articles?${query}`, method === 'PATCH' ? json('{"title":"Everything renamed"}') : {})
      expect(response.status, `${method} ${query}`).toBe(400)
      expect(invalidPaths(response.body), query).toEqual([path])
    }
    for (const [route, path] of [
      ['/articles/count?where[id][in]=abc', 'where[id][in]'],
      ['/articles/versions?where[parent][equals]=abc', 'where[parent][equals]'],
      ['/signatures?where[id][in]=1,abc', 'where[id][in]'],
    ]) {
      const response = await send('GET', route!)
      expect(response.status, route).toBe(400)
      expect(invalidPaths(response.body)).toEqual([path])
    }
    expect(await storedState(payload)).toEqual(before)
  })

  it('huge, negative or non-finite limit, page and depth get 400 naming the parameter, on custom endpoints too', async () => {
    const cases: [string, string][] = [
      ['/articles?limit=99999999999999999999', 'limit'],
      ['/articles?limit=1.5', 'limit'],
      ['/articles?limit=-1', 'limit'],
      ['/articles?limit=abc', 'limit'],
      ['/articles?page=1e400', 'page'],
      ['/articles?page=99999999999999999999', 'page'],
      ['/articles?page=-5', 'page'],
      ['/articles?page=0', 'page'],
      ['/articles?depth=1e400', 'depth'],
      ['/articles?depth=-1', 'depth'],
      ['/articles/versions?page=1e400', 'page'],
      [`/petitions/${ids.petition}/signers?page=1e300`, 'page'],
      [`/petitions/${ids.petition}/signers?limit=1e300`, 'limit'],
    ]
    await expectRefusals(
      cases.map(([route]) => ['GET', route, { anonymous: route.includes('/signers') }]),
      400,
      (route) => cases.find(([each]) => each === route)![1],
    )
  })

  it('well-formed queries, the admin’s included, still answer 200', async () => {
    // Ids of the engine's kind that name no document: serial numbers on SQL, ObjectIds on MongoDB.
    const [one, two] = typeof ids.article === 'number' ? [1, 2] : ['0'.repeat(23) + '1', '0'.repeat(23) + '2']
    const queries = [
      'where[or][0][title][like]=stand&where[or][1][slug][like]=stand',
      'where[_status][equals]=published',
      `where[categories][in]=${one},${two}`,
      'where[categories][equals]=null',
      'where[publishedAt][greater_than]=2020-01-01',
      `where[authors][contains]=${one}`,
      'where[authors][exists]=true',
      'where[source.publishedAt][exists]=false',
      `where[id][not_in]=${one},${two}`,
      `where={"id":{"equals":${JSON.stringify(one)}}}`,
      'limit=0',
      'limit=1000&page=3',
      'depth=2',
    ]
    for (const query of queries) expect((await send(...list(query))).status, query).toBe(200)
    const viaForm = await fetch(`${stack.server.url}/api/articles`, {
      body: `where[id][in]=${ids.article}&depth=0`,
      headers: { authorization: `JWT ${stack.admin.token}`, 'content-type': 'application/x-www-form-urlencoded', 'x-payload-http-method-override': 'GET' },
      method: 'POST',
    })
    expect(viaForm.status).toBe(200)
    expect((await viaForm.json()).docs.map((doc: { id: unknown }) => doc.id)).toEqual([ids.article])
  })
})
