// Ids in a `where` through GraphQL and the Local API (issue #19): REST refuses a condition on an
// id or a relationship whose value cannot be an id of that collection (bad-requests.test.ts);
// these doors reach the same operations without the request guard. A value that cannot be an id
// is an error naming the condition on every engine — on MongoDB it matched every document
// (Payload's adapter drops such a condition on one id: a bulk delete removed them all) or failed
// to cast (500) — and a well-formed id that names no document matches nothing.
import type { Payload, Where } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { api, invalidPaths } from '../helpers/api'
import { publishArticle } from '../helpers/articles'
import { storedState } from '../helpers/storedState'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let ids: { article: number | string; category: number | string; other: number | string; petition: number | string; section: number | string }
/** An id of the engine's kind that names no document: a serial number on SQL, an ObjectId on MongoDB. */
let missing: number | string

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  const category = await payload.create({ collection: 'categories', data: { name: 'Housing' } })
  const petition = await payload.create({ collection: 'petitions', data: { title: 'Fund the library' } })
  const { article, sections } = await publishArticle(payload, { categories: [category.id], petition: petition.id, title: 'Alpha' })
  const other = await publishArticle(payload, { title: 'Beta' })
  ids = { article: article.id, category: category.id, other: other.article.id, petition: petition.id, section: sections[0]!.id }
  missing = typeof article.id === 'number' ? 987_654 : '0'.repeat(23) + '1'
})
afterAll(async () => {
  await stack?.close()
})

/** Articles matching `where` over GraphQL, passed as a variable so every engine names the condition the same way. */
async function articlesByGraphQL(where: Record<string, unknown>) {
  return stack.admin.gql('query ($where: Article_where) { Articles(where: $where, limit: 10) { docs { id } } }', { where })
}

/** An answer that refuses the query with a client error naming `path`, and returns no documents. */
function expectGraphQLRefusal({ body, status }: { body: any; status: number }, path: string) {
  expect(status, JSON.stringify(body)).toBeLessThan(500)
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0)
  expect(body.data?.Articles ?? null).toBeNull()
  for (const error of body.errors) {
    expect(error.extensions?.statusCode ?? 400).toBe(400)
    expect(error.message).toContain(path)
  }
}

describe('GraphQL: a value that cannot be an id is an error naming the condition', () => {
  it('on the id: equals, not_equals, in, not_in', async () => {
    expectGraphQLRefusal(await articlesByGraphQL({ id: { equals: 'abc' } }), 'where.id.equals')
    expectGraphQLRefusal(await articlesByGraphQL({ id: { not_equals: 'abc' } }), 'where.id.not_equals')
    // SQL engines have no `in` on their numeric ids in GraphQL: GraphQL itself refuses it, naming where.id.
    expectGraphQLRefusal(await articlesByGraphQL({ id: { in: [ids.article, 'zz'] } }), 'where.id')
    expectGraphQLRefusal(await articlesByGraphQL({ id: { not_in: ['zz'] } }), 'where.id')
  })

  it('on relationship fields: one target, has-many, in and not_in', async () => {
    expectGraphQLRefusal(await articlesByGraphQL({ petition: { equals: 'abc' } }), 'where.petition.equals')
    expectGraphQLRefusal(await articlesByGraphQL({ categories: { in: [ids.category, 'zz'] } }), 'where.categories.in')
    expectGraphQLRefusal(await articlesByGraphQL({ categories: { not_in: ['zz'] } }), 'where.categories.not_in')
    expectGraphQLRefusal(await articlesByGraphQL({ petition: { equals: { $ne: null } } }), 'where.petition.equals')
  })

  it('inside nested AND and OR', async () => {
    const where = { AND: [{ title: { like: 'a' } }, { OR: [{ title: { equals: 'Beta' } }, { id: { equals: 'abc' } }] }] }
    expectGraphQLRefusal(await articlesByGraphQL(where), 'where.AND[1].OR[1].id.equals')
    const onRelation = { OR: [{ petition: { equals: ids.petition } }, { AND: [{ categories: { equals: 'zz' } }] }] }
    expectGraphQLRefusal(await articlesByGraphQL(onRelation), 'where.OR[1].AND[0].categories.equals')
  })

  it("in a join field's where", async () => {
    const { body, status } = await stack.admin.gql(
      'query ($where: Section_where) { Articles(limit: 1) { docs { id sections(where: $where) { docs { id } } } } }',
      { where: { id: { equals: 'abc' } } },
    )
    expect(status).toBeLessThan(500)
    expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0)
    for (const error of body.errors) {
      expect(error.extensions?.statusCode ?? 400).toBe(400)
      expect(error.message).toMatch(/where\.(.*\.)?id\.equals/)
    }
  })

  it('a well-formed id that names no document matches nothing; real ids still match', async () => {
    const docs = async (where: Record<string, unknown>) => {
      const { body, status } = await articlesByGraphQL(where)
      expect(body.errors, JSON.stringify(body)).toBeUndefined()
      expect(status).toBe(200)
      return body.data.Articles.docs.map((doc: { id: number | string }) => doc.id)
    }
    expect(await docs({ id: { equals: missing } })).toEqual([])
    expect(await docs({ petition: { equals: missing } })).toEqual([])
    expect(await docs({ categories: { in: [missing] } })).toEqual([])
    expect(await docs({ id: { equals: ids.article } })).toEqual([ids.article])
    expect(await docs({ categories: { in: [ids.category, missing] } })).toEqual([ids.article])
    expect(await docs({ OR: [{ petition: { equals: ids.petition } }, { id: { equals: ids.other } }] })).toHaveLength(2)
    expect(await docs({ petition: { equals: null } })).toEqual([ids.other])
  })
})

/** The Local API's refusal: Payload's APIError with status 400, naming the condition as Payload's validation errors do. */
async function expectLocalRefusal(operation: Promise<unknown>, path: string) {
  const error = await operation.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error, `expected a refusal naming ${path}`).toBeInstanceOf(Error)
  const { data, message, name, status } = error as { data?: { errors?: { path: string }[] }; message: string; name: string; status?: number }
  expect(name, message).toBe('APIError')
  expect(status, message).toBe(400)
  expect(data?.errors?.map((each) => each.path)).toEqual([path])
  expect(message).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `))
}

describe('Local API: a value that cannot be an id throws a 400 naming the condition', () => {
  it('find and count, on the id and on relationship fields', async () => {
    await expectLocalRefusal(payload.find({ collection: 'articles', where: { id: { equals: 'abc' } } }), 'where.id.equals')
    await expectLocalRefusal(payload.find({ collection: 'articles', where: { id: { in: [ids.article, 'zz'] } } }), 'where.id.in')
    await expectLocalRefusal(payload.find({ collection: 'articles', where: { id: { in: `${ids.article},zz` } } }), 'where.id.in')
    await expectLocalRefusal(payload.find({ collection: 'sections', where: { article: { equals: 'abc' } } }), 'where.article.equals')
    await expectLocalRefusal(payload.count({ collection: 'articles', where: { categories: { not_in: ['zz'] } } }), 'where.categories.not_in')
    await expectLocalRefusal(payload.find({ collection: 'articles', where: { 'petition.id': { equals: 'abc' } } }), 'where.petition.id.equals')
  })

  it('inside nested and/or', async () => {
    const where: Where = { or: [{ title: { equals: 'Alpha' } }, { and: [{ petition: { equals: 'abc' } }] }] }
    await expectLocalRefusal(payload.find({ collection: 'articles', where }), 'where.or[1].and[0].petition.equals')
  })

  it('versions and joins', async () => {
    await expectLocalRefusal(payload.findVersions({ collection: 'articles', where: { parent: { equals: 'abc' } } }), 'where.parent.equals')
    await expectLocalRefusal(
      payload.find({ collection: 'articles', joins: { sections: { where: { id: { equals: 'abc' } } } } }),
      'joins.sections.where.id.equals',
    )
  })

  it('bulk update and delete refuse before touching anything', async () => {
    const before = await storedState(payload)
    await expectLocalRefusal(payload.update({ collection: 'articles', data: { summary: 'Everything' }, where: { id: { equals: 'abc' } } }), 'where.id.equals')
    await expectLocalRefusal(payload.delete({ collection: 'sections', where: { id: { not_in: ['zz'] } } }), 'where.id.not_in')
    await expectLocalRefusal(payload.delete({ collection: 'articles', where: { categories: { equals: 'abc' } } }), 'where.categories.equals')
    expect(await storedState(payload)).toEqual(before)
  })

  it('well-formed ids still work: a missing one matches nothing, null matches what is unset', async () => {
    const find = async (where: Where) => (await payload.find({ collection: 'articles', depth: 0, where })).docs.map((doc) => doc.id)
    expect(await find({ id: { equals: missing } })).toEqual([])
    expect(await find({ id: { in: [ids.article, missing] } })).toEqual([ids.article])
    expect(await find({ id: { equals: String(ids.article) } })).toEqual([ids.article])
    expect(await find({ petition: { equals: null } })).toEqual([ids.other])
    expect(await find({ id: { exists: true } })).toHaveLength(2)
    const sections = await payload.find({ collection: 'sections', depth: 0, where: { article: { equals: ids.article } } })
    expect(sections.docs.map((doc) => doc.id)).toContain(ids.section)
  })
})

describe('REST: a join where on a value that cannot be an id', () => {
  it('gets 400 naming the condition', async () => {
    const response = await stack.admin.rest('GET', '/articles?joins[sections][where][id][equals]=abc')
    expect(response.status).toBe(400)
    expect(invalidPaths(response.body)).toEqual(['joins.sections.where.id.equals'])
  })
})

describe('paths Payload reads another way, and paths it cannot query', () => {
  const anonymous = () => api(stack.server.url)

  it('`__` is read as `.`: the same 400 at every door, anonymous REST included (it was a 500)', async () => {
    for (const query of ['where[petition__id][equals]=abc', 'where[categories__id][in]=1,abc']) {
      const response = await anonymous().rest('GET', `/articles?${query}`)
      expect(response.status, query).toBe(400)
    }
    expect((await anonymous().rest('GET', '/sections?where[article__id][equals]=abc')).status).toBe(400)
    expect((await anonymous().rest('GET', '/articles/count?where[petition__id][equals]=abc')).status).toBe(400)
    const versions = await stack.admin.gql('{ versionsArticles(where: { version__petition: { equals: "abc" } }) { docs { id } } }')
    expect(versions.status).toBeLessThan(500)
    expect(versions.body.errors?.[0]?.extensions?.statusCode ?? 400).toBe(400)
    await expectLocalRefusal(payload.findVersions({ collection: 'articles', where: { version__petition: { equals: 'abc' } } }), 'where.version__petition.equals')
    await expectLocalRefusal(payload.find({ collection: 'sections', where: { article__id: { in: ['abc'] } } }), 'where.article__id.in')
  })

  it("a row's id inside blocks is text, not the collection's id", async () => {
    const row = (await payload.findByID({ collection: 'sections', depth: 0, id: ids.section })) as { actions?: { id?: string }[] }
    const rowId = row.actions?.[0]?.id ?? '6b0d9c920ab8490e6e7f38b2'
    const response = await stack.admin.rest('GET', `/sections?where[actions.id][equals]=${rowId}`)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
  })

  it('a join through a relationship and a whole blocks field are a 400 saying what to ask instead (they were a 500)', async () => {
    const join = await anonymous().rest('GET', '/articles?where[petition.articles][equals]=1')
    expect(join.status).toBe(400)
    expect(invalidPaths(join.body)).toEqual(['where[petition.articles][equals]'])
    const blocks = await anonymous().rest('GET', '/sections?where[actions][exists]=true')
    expect(blocks.status).toBe(400)
    expect(JSON.stringify(blocks.body)).toContain('query a field inside them')
    await expectLocalRefusal(payload.find({ collection: 'sections', where: { actions: { exists: true } } }), 'where.actions')
  })

  it('a GraphQL body nested thousands of levels deep gets its 400, not a hung request', async () => {
    // Written as text: a client's JSON.stringify would overflow on it first.
    const where = `${'{"OR":['.repeat(3000)}{"petition":{"equals":"abc"}}${']}'.repeat(3000)}`
    const body = `{"query":"query ($w: Article_where) { Articles(where: $w) { docs { id } } }","variables":{"w":${where}}}`
    const { status } = await fetch(`${stack.server.url}/api/graphql`, { body, headers: { 'content-type': 'application/json' }, method: 'POST', signal: AbortSignal.timeout(15_000) })
    expect(status).toBe(400)
  })
})
