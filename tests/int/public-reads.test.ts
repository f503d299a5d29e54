// Anonymous REST reads have a size bound (issue #13): a page of at most 100 documents, joins of at
// most 100, population at most 3 levels deep, and never "everything" (limit=0, pagination=false).
// Signed-in users keep Payload's own bounds. Odd `select`, `populate` and `joins` get a 400
// naming the parameter, from anyone.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Api, api, invalidPaths } from '../helpers/api'
import { publishArticle } from '../helpers/articles'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let anonymous: Api
let articleId: number | string

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  anonymous = api(stack.server.url)
  articleId = (await publishArticle(payload, { title: 'Bounded article' })).article.id
  await publishArticle(payload, { title: 'Second bounded article' })
})
afterAll(async () => {
  await stack?.close()
})

const OVER_THE_BOUND: [string, string][] = [
  ['/articles?limit=0', 'limit'],
  ['/articles?limit=101', 'limit'],
  ['/related-links?limit=0&depth=1', 'limit'],
  ['/articles?pagination=false', 'pagination'],
  ['/articles?limit=10&pagination=false', 'pagination'],
  ['/articles?depth=4', 'depth'],
  ['/articles?limit=100&depth=10', 'depth'],
  ['/related-links?depth=1000', 'depth'],
  ['/articles/ARTICLE?depth=4', 'depth'],
  ['/globals/site-settings?depth=4', 'depth'],
  ['/articles?joins[relatedLinks][limit]=0', 'joins[relatedLinks][limit]'],
  // A page of joins per document: 100 × (100 + 100) joined documents is far past a page.
  ['/articles?limit=100&joins[relatedLinks][limit]=100&joins[sections][limit]=100', 'joins'],
  ['/articles?joins[relatedLinks][limit]=60&joins[sections][limit]=60', 'joins'],
  ['/articles/ARTICLE?joins[sections][limit]=101', 'joins[sections][limit]'],
  ['/articles/versions?limit=0', 'limit'],
]
const withArticle = (path: string) => path.replace('ARTICLE', String(articleId))

describe('an anonymous request', () => {
  it('asking for more than a page of 100, population deeper than 3, or everything at once gets a 400 naming the parameter', async () => {
    for (const [path, parameter] of OVER_THE_BOUND) {
      const { body, status } = await anonymous.rest('GET', withArticle(path))
      expect(status, path).toBe(400)
      expect(invalidPaths(body), path).toEqual([parameter])
    }
  })

  it('with credentials no auth strategy accepts is anonymous', async () => {
    const forged: Record<string, string>[] = [{ authorization: 'JWT not-a-token' }, { authorization: 'users API-Key 0123456789abcdef' }, { cookie: 'payload-token=not-a-token' }]
    for (const headers of forged) {
      const response = await fetch(`${stack.server.url}/api/articles?limit=0`, { headers })
      expect(response.status, JSON.stringify(headers)).toBe(400)
    }
  })

  it('gets everything up to the bound', async () => {
    const list = await anonymous.rest('GET', '/articles?limit=100&depth=3&joins[relatedLinks][limit]=5&joins[sections][limit]=5')
    expect(list.status).toBe(200)
    expect(list.body.docs).toHaveLength(2)
    expect((await anonymous.rest('GET', '/articles?limit=10&depth=3&joins[relatedLinks][limit]=100')).status).toBe(200)
    expect((await anonymous.rest('GET', withArticle('/articles/ARTICLE?depth=3&joins[relatedLinks][limit]=100'))).status).toBe(200)
    expect((await anonymous.rest('GET', withArticle('/articles/ARTICLE?depth=3'))).status).toBe(200)
    expect((await anonymous.rest('GET', '/related-links?limit=1&depth=0&page=2')).status).toBe(200)
    expect((await anonymous.rest('GET', '/articles?joins[relatedLinks]=false')).status).toBe(200)
  })
})

describe('a signed-in user', () => {
  it('keeps Payload’s own bounds: all documents, deep population, large join pages', async () => {
    const asAdmin = [
      '/articles?limit=0',
      '/articles?pagination=false&depth=10',
      '/related-links?limit=1000&depth=5',
      `/articles/${articleId}?depth=10&joins[relatedLinks][limit]=0`,
    ]
    for (const path of asAdmin) expect((await stack.admin.rest('GET', path)).status, path).toBe(200)
    const all = await stack.admin.rest('GET', '/articles?pagination=false')
    expect(all.body.docs).toHaveLength(2)
    const viaCookie = await fetch(`${stack.server.url}/api/articles?limit=0`, { headers: { cookie: `payload-token=${stack.admin.token}` } })
    expect(viaCookie.status).toBe(200)
  })
})

describe('select, populate and joins of an odd shape', () => {
  const odd: [string, string][] = [
    ['/articles?select=title', 'select'],
    ['/articles?select[title]=maybe', 'select[title]'],
    ['/articles?select[source][publishedAt]=1', 'select[source][publishedAt]'],
    ['/articles?populate=categories', 'populate'],
    ['/articles?populate[nothing][name]=true', 'populate[nothing]'],
    ['/articles?populate[categories]=true', 'populate[categories]'],
    ['/articles?populate[categories][name]=yes', 'populate[categories][name]'],
    ['/articles?joins=false', 'joins'],
    ['/articles?joins[relatedLinks]=nope', 'joins[relatedLinks]'],
    ['/articles?joins[relatedLinks][limit]=1e400', 'joins[relatedLinks][limit]'],
    ['/articles?joins[relatedLinks][limit]=-1', 'joins[relatedLinks][limit]'],
    ['/articles?joins[relatedLinks][page]=0', 'joins[relatedLinks][page]'],
    ['/articles?joins[relatedLinks][count]=maybe', 'joins[relatedLinks][count]'],
  ]

  it('get a 400 naming the parameter, signed in or not', async () => {
    for (const client of [anonymous, stack.admin]) {
      for (const [path, parameter] of odd) {
        const { body, status } = await client.rest('GET', path)
        expect(status, path).toBe(400)
        expect(invalidPaths(body), path).toEqual([parameter])
      }
    }
  })

  it('well-formed ones answer what they ask for', async () => {
    const selected = await anonymous.rest('GET', '/articles?limit=1&select[title]=true&populate[categories][name]=true&joins[relatedLinks][count]=true')
    expect(selected.status).toBe(200)
    expect(Object.keys(selected.body.docs[0]).sort()).toEqual(['id', 'title'])
  })
})

describe('the bounds are settings', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_MAX_DEPTH: '1', PUBLIC_MAX_LIMIT: '5' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('PUBLIC_MAX_LIMIT and PUBLIC_MAX_DEPTH move them', async () => {
    const client = api(server.url)
    expect(invalidPaths((await client.rest('GET', '/articles?limit=6')).body)).toEqual(['limit'])
    expect(invalidPaths((await client.rest('GET', '/articles?depth=2')).body)).toEqual(['depth'])
    expect((await client.rest('GET', '/articles?limit=5&depth=1')).status).toBe(200)
  })
})
