// GraphQL limits (issue #13): queries that would take the server down are refused whole before
// they run, each with an error naming the limit; bodies and documents Payload's GraphQL route
// answered with a 500 get a 4xx; the frontend's ordinary queries still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Api, api, gqlIdType } from '../helpers/api'
import { json } from '../helpers/http'
import { type LinkedArticles, seedLinkedArticles } from '../helpers/linkedArticles'
import { onMongoEmulator } from '../helpers/mongoEmulator'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { startTestServer, type TestServer } from '../helpers/testServer'

let stack: TestStack
let visitor: Api
let seeded: LinkedArticles

beforeAll(async () => {
  // The emulator runs every query through a JavaScript query engine, and a nested join is a
  // query per document: two levels of related links took over the default 3 s budget on it on
  // a busy machine. The budget's own test (below) runs a server of its own with 200 ms.
  stack = await startTestStack(onMongoEmulator() ? { env: { GRAPHQL_TIME_BUDGET_MS: '20000' } } : {})
  visitor = api(stack.server.url)
  seeded = await seedLinkedArticles(stack.payload, { articles: 60, linksPerArticle: 10 })
})
afterAll(async () => {
  await stack?.close()
})

/** The attack: Articles(limit:100) with relatedLinks(limit:10) → to → relatedLinks … nested `levels` times. */
function nestedLinks(levels: number): string {
  let inner = 'id title'
  for (let level = 0; level < levels; level++) inner = `id relatedLinks(limit: 10) { docs { to { ${inner} } } }`
  return `{ Articles(limit: 100) { docs { ${inner} } } }`
}

const codes = (body: any): string[] => (body?.errors ?? []).map((error: any) => error?.extensions?.code)

function post(body: BodyInit | null, contentType?: string): Promise<Response> {
  return fetch(`${stack.server.url}/api/graphql`, { body, headers: contentType ? { 'content-type': contentType } : {}, method: 'POST' })
}

/** The server still answers, and answers health at once. */
async function expectServerAlive() {
  expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200)
  const { body } = await visitor.gql('{ Articles(limit: 1) { docs { id } } }')
  expect(body.data.Articles.docs).toHaveLength(1)
}

describe('ordinary frontend queries still work', () => {
  it('a list of 10 articles with title, slug, summary and category names', async () => {
    const { body, status } = await visitor.gql('{ Articles(limit: 10, sort: "-publishedAt") { docs { title slug summary categories { name } } } }')
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data.Articles.docs).toHaveLength(10)
    expect(body.data.Articles.docs[0]).toMatchObject({ categories: [{ name: 'Policy' }, { name: 'Climate' }], slug: 'linked-article-0' })
  })

  it('one article with its sections and related links, joins without a limit', async () => {
    const { body } = await visitor.gql(
      `query ($id: ${gqlIdType(seeded.articleIds[0]!)}!) { Article(id: $id) { title sections { docs { kind heading } } relatedLinks { docs { position to { title slug } } } } }`,
      { id: seeded.articleIds[0] },
    )
    expect(body.errors).toBeUndefined()
    expect(body.data.Article.sections.docs.map((section: any) => section.kind)).toEqual(['opinion', 'action', 'todo'])
    expect(body.data.Article.relatedLinks.docs).toHaveLength(10)
    expect(body.data.Article.relatedLinks.docs[0]).toMatchObject({ position: 1, to: { slug: 'linked-article-1' } })
  })

  it('two levels of related links at modest limits', async () => {
    const { body } = await visitor.gql('{ Articles(limit: 5) { docs { relatedLinks(limit: 5) { docs { to { relatedLinks(limit: 3) { docs { to { slug } } } } } } } } }')
    expect(body.errors).toBeUndefined()
    expect(body.data.Articles.docs[0].relatedLinks.docs[0].to.relatedLinks.docs).toHaveLength(3)
  })

  it('a join asked for without a limit returns what REST returns: at most its defaultLimit (50)', async () => {
    const [from, ...others] = seeded.articleIds
    for (const [index, to] of others.slice(10, 55).entries()) {
      await stack.payload.db.create({ collection: 'related-links', data: { excluded: false, from, origin: 'manual', position: 11 + index, to } })
    }
    const { body } = await visitor.gql(`query ($id: ${gqlIdType(from!)}!) { Article(id: $id) { relatedLinks { docs { id } hasNextPage } } }`, { id: from })
    expect(body.errors).toBeUndefined()
    expect(body.data.Article.relatedLinks.docs).toHaveLength(50)
    expect(body.data.Article.relatedLinks.hasNextPage).toBe(true)
    const rest = await visitor.rest('GET', `/articles/${from}`)
    expect(rest.body.relatedLinks.docs).toHaveLength(50)
  })
})

describe('queries over a limit are refused before they run, naming the limit', () => {
  it('related links nested 5 levels (the issue\'s attack): too costly and too deep', async () => {
    const { body, status } = await visitor.gql(nestedLinks(5))
    expect(status).toBe(200)
    expect(body.data).toBeUndefined()
    expect(codes(body)).toEqual(expect.arrayContaining(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']))
    const costly = body.errors.find((error: any) => error.extensions.code === 'QUERY_TOO_COSTLY')
    expect(costly.extensions.actual).toBeGreaterThan(100 * 10 ** 5)
    expect(costly.message).toMatch(/at most 1000 is allowed/)
    await expectServerAlive()
  })

  it('related links nested 8 levels', async () => {
    const { body, status } = await visitor.gql(nestedLinks(8))
    expect(status).toBe(200)
    expect(body.data).toBeUndefined()
    expect(codes(body)).toEqual(expect.arrayContaining(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']))
    await expectServerAlive()
  })

  it('a nesting shallow enough for the depth limit is still weighed: 2 levels at limit 10 under 100 articles', async () => {
    const { body } = await visitor.gql(nestedLinks(2))
    expect(codes(body)).toEqual(['QUERY_TOO_COSTLY'])
  })

  it('limits given through variables are weighed too', async () => {
    const query = 'query ($n: Int) { Articles(limit: $n) { docs { relatedLinks(limit: $n) { docs { to { relatedLinks(limit: $n) { docs { id } } } } } } } }'
    expect(codes((await visitor.gql(query, { n: 30 })).body)).toEqual(['QUERY_TOO_COSTLY'])
    expect((await visitor.gql(query, { n: 2 })).body.errors).toBeUndefined()
    // The route remembers a query text's standard validation; the rules that read variables run every time.
    expect(codes((await visitor.gql(query, { n: 30 })).body)).toEqual(['QUERY_TOO_COSTLY'])
  })

  it('a query text asked again gets the same verdict: an invalid one the same errors, a valid one its data', async () => {
    const invalid = '{ Articles(limit: 2) { docs { title noSuchField } } }'
    const first = await visitor.gql(invalid)
    const again = await visitor.gql(invalid)
    expect(first.body.errors?.[0]?.message).toContain('noSuchField')
    expect(again).toEqual(first)
    const valid = '{ Articles(limit: 2, sort: "id") { docs { title } } }'
    const answers = [await visitor.gql(valid), await visitor.gql(valid)]
    expect(answers[0]!.body.data.Articles.docs).toHaveLength(2)
    expect(answers[1]!.body).toEqual(answers[0]!.body)
  })

  it('500 aliases of one article: too many fields', async () => {
    const aliases = Array.from({ length: 500 }, (_, n) => `a${n}: Article(id: ${JSON.stringify(seeded.articleIds[0])}) { title }`).join(' ')
    const { body, status } = await visitor.gql(`{ ${aliases} }`)
    expect(status).toBe(200)
    expect(body.data).toBeUndefined()
    expect(codes(body)).toContain('TOO_MANY_FIELDS')
    await expectServerAlive()
  })

  it('fields a fragment brings count at every spread', async () => {
    const spreads = Array.from({ length: 120 }, (_, n) => `a${n}: Article(id: ${JSON.stringify(seeded.articleIds[0])}) { ...Headline }`).join(' ')
    const { body } = await visitor.gql(`{ ${spreads} } fragment Headline on Article { title slug }`)
    expect(codes(body)).toContain('TOO_MANY_FIELDS')
  })

  it('lists must be bounded: limit 0, pagination false, negative or over 100', async () => {
    for (const query of [
      '{ Articles(limit: 0) { docs { id } } }',
      '{ Articles(pagination: false) { docs { id } } }',
      '{ Articles(limit: -1) { docs { id } } }',
      '{ Articles(limit: 5000) { docs { id } } }',
      '{ Articles(limit: 1) { docs { relatedLinks(limit: 0) { docs { id } } } } }',
    ]) {
      const { body, status } = await visitor.gql(query)
      expect(status, query).toBe(200)
      expect(body.data, query).toBeUndefined()
      // A refused list is weighed at the largest limit, so a large one can be too costly as well.
      expect(codes(body), query).toContain('LIST_LIMIT_OUT_OF_RANGE')
      expect(body.errors.find((error: any) => error.extensions.code === 'LIST_LIMIT_OUT_OF_RANGE').message, query).toMatch(/from 1 to 100/)
    }
  })

  it('answers 400 to clients that accept application/graphql-response+json', async () => {
    const response = await fetch(`${stack.server.url}/api/graphql`, {
      body: JSON.stringify({ query: nestedLinks(5) }),
      headers: { accept: 'application/graphql-response+json', 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(response.status).toBe(400)
    expect(codes(await json(response))).toContain('QUERY_TOO_COSTLY')
  })
})

describe('no 500s at the GraphQL door', () => {
  it("Payload's Access query asked by a visitor", async () => {
    const response = await post(JSON.stringify({ query: '{ Access { canAccessAdmin } }' }), 'application/json')
    const body = await json<any>(response)
    expect(body.errors).toBeUndefined()
    expect(body.data.Access.canAccessAdmin).toBe(false)
  })

  it('a fragment cycle', async () => {
    const query = `{ Article(id: ${JSON.stringify(seeded.articleIds[0])}) { ...A } } fragment A on Article { relatedLinks { docs { to { ...B } } } } fragment B on Article { ...A }`
    const response = await post(JSON.stringify({ query }), 'application/json')
    expect(response.status).toBe(400)
    const body = await json<any>(response)
    expect(codes(body)).toEqual(['FRAGMENT_CYCLE'])
    expect(body.errors[0].message).toMatch(/"A" spreads itself \(A → B → A\)/)
    await expectServerAlive()
  })

  it('a fragment bomb (each fragment spreading the next twice) is refused before GraphQL validates it', async () => {
    // 2^30 fields in 1.5 kB: GraphQL's own validation, which expands every spread, ran for minutes.
    const fragments = Array.from({ length: 30 }, (_, n) => `fragment F${n} on Article { ...F${n + 1} ...F${n + 1} }`).join(' ')
    const query = `{ Articles(limit: 1) { docs { ...F0 } } } ${fragments} fragment F30 on Article { title }`
    const response = await post(JSON.stringify({ query }), 'application/json')
    expect(response.status).toBe(400)
    expect(codes(await json<any>(response))).toEqual(['TOO_MANY_FIELDS'])
    await expectServerAlive()
  })

  it('selections nested thousands deep and documents over 100,000 characters are refused, naming the limit', async () => {
    const deep = await post(JSON.stringify({ query: `{ ${'a { '.repeat(3_000)}b${' }'.repeat(3_000)} }` }), 'application/json')
    expect(deep.status).toBe(400)
    expect(codes(await json<any>(deep))).toEqual(['QUERY_TOO_DEEP'])
    const long = await post(JSON.stringify({ query: `{ Articles(limit: 1) { docs { id } } }${' '.repeat(100_000)}` }), 'application/json')
    expect(long.status).toBe(400)
    expect(codes(await json<any>(long))).toEqual(['QUERY_TOO_LONG'])
    await expectServerAlive()
  })

  it('bodies that are not a JSON object with a query', async () => {
    const cases: [BodyInit | null, string | undefined, number, string][] = [
      ['{"query": "{ Articles { docs { id } } "', 'application/json', 400, 'INVALID_JSON'],
      ['null', 'application/json', 400, 'BAD_REQUEST'],
      ['42', 'application/json', 400, 'BAD_REQUEST'],
      ['"str"', 'application/json', 400, 'BAD_REQUEST'],
      ['[]', 'application/json', 400, 'BAD_REQUEST'],
      ['{}', 'application/json', 400, 'BAD_REQUEST'],
      ['{"query": 42}', 'application/json', 400, 'BAD_REQUEST'],
      ['{"query": "{ __typename }", "variables": "x"}', 'application/json', 400, 'BAD_REQUEST'],
      ['', 'application/json', 400, 'INVALID_JSON'],
      ['{ Articles { docs { id } } }', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['query=%7B__typename%7D', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['<query/>', 'application/xml', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['{"query": "{ __typename }"}', undefined, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ]
    for (const [body, contentType, status, code] of cases) {
      const response = await post(body, contentType)
      expect(response.status, `${contentType} ${body}`).toBe(status)
      expect(codes(await json(response)), `${contentType} ${body}`).toEqual([code])
    }
  })

  it('JSON with the content type in upper case is still GraphQL', async () => {
    const response = await post(JSON.stringify({ query: '{ Articles(limit: 1) { docs { id } } }' }), 'APPLICATION/JSON; charset=UTF-8')
    expect(response.status).toBe(200)
    expect((await json<any>(response)).data.Articles.docs).toHaveLength(1)
  })

  it('variables that do not fit their types', async () => {
    const query = 'query ($id: Int!, $limit: Int) { Article(id: $id) { relatedLinks(limit: $limit) { docs { id } } } }'
    for (const variables of [{ id: 'abc' }, { id: 1.5 }, {}, { id: null }, { id: 1, limit: 'ten' }, { id: 1, limit: 2 ** 40 }, { id: { $ne: 1 } }]) {
      const { body, status } = await visitor.gql(query, variables)
      expect(status, JSON.stringify(variables)).toBe(200)
      expect(body.data, JSON.stringify(variables)).toBeUndefined()
      expect(body.errors[0].message).toMatch(/Variable "\$(id|limit)"/)
    }
  })
})

describe('the time budget', () => {
  let generous: TestServer

  beforeAll(async () => {
    // A second server on the same content whose cost limits let a heavy query through.
    generous = await startTestServer({
      env: { DATABASE_URI: stack.server.database!.uri, GRAPHQL_MAX_COST: '100000000', GRAPHQL_MAX_DEPTH: '50', GRAPHQL_TIME_BUDGET_MS: '200' },
    })
  })
  afterAll(async () => {
    await generous?.stop()
  })

  it('stops a query that slipped through once its budget is spent, naming the limit', async () => {
    const { body, status } = await api(generous.url).gql(nestedLinks(3))
    expect(status).toBe(200)
    expect(codes(body)).toContain('TIME_BUDGET_EXCEEDED')
    const error = body.errors.find((e: any) => e.extensions.code === 'TIME_BUDGET_EXCEEDED')
    expect(error.message).toMatch(/time budget of 200 ms/)
    expect(error.extensions.statusCode).toBe(503)
  })

  it('leaves ordinary queries alone', async () => {
    const { body } = await api(generous.url).gql('{ Articles(limit: 10) { docs { title categories { name } } } }')
    expect(body.errors).toBeUndefined()
    expect(body.data.Articles.docs).toHaveLength(10)
  })
})
