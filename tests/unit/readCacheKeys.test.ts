import { describe, expect, it } from 'vitest'

import { sharedTokenReads } from '../../src/readCache/generation'
import { classifyGraphQL, classifyRequest } from '../../src/readCache/requestKey'

const scope = { cookiePrefix: 'payload', publicCollections: ['articles', 'petitions'], publicGlobals: ['site-settings'], rootReadPaths: ['page'] }
const get = (url: string, headers: Record<string, string> = {}) => classifyRequest({ headers, method: 'GET', url }, scope)
const keyOf = (url: string) => {
  const classified = get(url)
  return classified.cacheable ? classified.key : `uncached: ${classified.reason}`
}

describe('read cache keys', () => {
  it('one key for the same request in other words', () => {
    const key = keyOf('/api/articles?limit=10&where[slug][equals]=a%20b&depth=1')
    expect(keyOf('/api/articles?depth=1&where%5Bslug%5D%5Bequals%5D=a b&limit=10')).toBe(key)
    expect(keyOf('/api/%61rticles?depth=1&limit=10&where[slug][equals]=a%20b')).toBe(key)
    expect(keyOf('/api/articles?limit=11&where[slug][equals]=a%20b&depth=1')).not.toBe(key)
  })

  it('public collections, globals and root read endpoints only', () => {
    expect(get('/api/articles/12').cacheable).toBe(true)
    expect(get('/api/globals/site-settings').cacheable).toBe(true)
    expect(get('/api/page/some-slug').cacheable).toBe(true)
    for (const url of ['/api/users/me', '/api/access', '/api/signatures', '/api/globals/other', '/api/petitions/3/signers', '/api/petitions/3/signatures.csv', '/api/articles/versions', '/api/payload-jobs', '/admin']) {
      expect(get(url).cacheable, url).toBe(false)
    }
  })

  it('credentials, previews and method overrides pass through', () => {
    expect(get('/api/articles', { authorization: 'users API-Key abc' })).toMatchObject({ cacheable: false, credentials: true })
    expect(get('/api/articles', { cookie: 'theme=dark; payload-token=abc' })).toMatchObject({ cacheable: false, credentials: true })
    expect(get('/api/articles', { cookie: 'theme=dark' }).cacheable).toBe(true)
    expect(get('/api/articles', { 'x-payload-http-method-override': 'GET' }).cacheable).toBe(false)
    for (const query of ['draft=true', 'draft=1', 'locale=fr', 'fallback-locale=none']) expect(get(`/api/articles?${query}`).cacheable, query).toBe(false)
    expect(get('/api/articles?draft=false').cacheable).toBe(true)
  })

  it('GraphQL: queries by printed document, variables and operation name; mutations and previews pass through', () => {
    const body = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra })
    const a = classifyGraphQL(body('{ Articles(limit: 3) { docs { title } } }', { variables: { a: 1, b: 2 } }))
    const b = classifyGraphQL(body('query {\n  Articles(limit: 3) {\n docs { title } } } # comment', { variables: { b: 2, a: 1 } }))
    expect(a.cacheable && b.cacheable && a.key === b.key).toBe(true)
    expect(classifyGraphQL(body('mutation { createCategory(data: { name: "x" }) { id } }')).cacheable).toBe(false)
    expect(classifyGraphQL(body('{ Articles(draft: true) { docs { title } } }')).cacheable).toBe(false)
    expect(classifyGraphQL(body('query A { Articles { docs { id } } } mutation B { logoutUser }', { operationName: 'B' })).cacheable).toBe(false)
    expect(classifyGraphQL(body('query A { Articles { docs { id } } } mutation B { logoutUser }', { operationName: 'A' })).cacheable).toBe(true)
    expect(classifyGraphQL('not json').cacheable).toBe(false)
  })

  it('GraphQL: a document selecting a signature count says so, under any alias or fragment', () => {
    const body = (query: string) => JSON.stringify({ query })
    expect(classifyGraphQL(body('{ Petition(id: 1) { tally: signatureCount } }'))).toMatchObject({ cacheable: true, holdsCount: true })
    expect(classifyGraphQL(body('{ Petition(id: 1) { ...F } } fragment F on Petition { n: signatureCount }'))).toMatchObject({ cacheable: true, holdsCount: true })
    expect(classifyGraphQL(body('{ Petition(id: 1) { title } }'))).toMatchObject({ cacheable: true, holdsCount: false })
  })

  it("GraphQL: Payload's auth queries pass through, asked directly or through a fragment", () => {
    const body = (query: string) => JSON.stringify({ query })
    for (const query of ['{ initializedUser }', '{ meUser { user { id } } }', '{ ...F } fragment F on Query { initializedUser }', '{ ... on Query { a: initializedUser } }']) {
      expect(classifyGraphQL(body(query)), query).toMatchObject({ cacheable: false, reason: 'auth' })
    }
    expect(classifyGraphQL(body('{ Articles { docs { meta: title } } }')).cacheable).toBe(true)
  })
})

describe('shared token reads', () => {
  it('a request never takes a read that began before it arrived', async () => {
    const started: Array<(token: string) => void> = []
    const current = sharedTokenReads(() => new Promise<string>((resolve) => started.push(resolve)))
    const first = current()
    const second = current()
    const third = current()
    expect(started).toHaveLength(1)
    started[0]!('old')
    expect(await first).toBe('old')
    await new Promise((resolve) => setImmediate(resolve))
    // The two that arrived during the first read share one read begun after it.
    expect(started).toHaveLength(2)
    started[1]!('new')
    expect(await second).toBe('new')
    expect(await third).toBe('new')
  })
})
