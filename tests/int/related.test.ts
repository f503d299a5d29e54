// Related-article links built on publish: both directions, refilled when an article leaves,
// editors' links kept, drafts never listed, consistent under concurrent publishes.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Article, RelatedLink } from '../../src/payload-types'

import { api, type Api } from '../helpers/api'
import { paragraph, publishArticle, REQUIRED_KINDS } from '../helpers/articles'
import { seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let admin: Api
let anonymous: Api

beforeAll(async () => {
  stack = await startTestStack()
  ;({ admin, payload } = stack)
  anonymous = api(stack.server.url)
})
afterAll(async () => {
  await stack?.close()
})

// Each topic's articles share most of their words; different topics share none.
const TOPICS = {
  flood: 'river flood levee rain evacuation water dam overflow rescue boats shelter villages monsoon',
  senate: 'senate vote bill budget lawmakers filibuster amendment committee hearing majority senators',
  vaccine: 'vaccine hospital doctors clinic dose immunization nurses outbreak measles patients health',
  mining: 'mining coal miners shaft tunnel collapse ore excavation quarry minerals seam pit',
} as const
type Topic = keyof typeof TOPICS

let serial = 0
function story(topic: Topic): { body: Article['body']; summary: string; title: string } {
  serial += 1
  const words = TOPICS[topic].split(' ')
  // Rotating the topic words gives each article its own emphasis within the topic.
  const rotated = [...words.slice(serial % words.length), ...words.slice(0, serial % words.length)]
  return {
    body: paragraph(`${rotated.join(' ')} ${rotated.slice(0, 5).join(' ')}`) as Article['body'],
    // Numbers under four digits are not terms: the serial tells titles apart without relating them.
    summary: `${rotated.slice(0, 4).join(' ')} ${serial}`,
    title: `${rotated.slice(0, 3).join(' ')} ${serial}`,
  }
}

const publish = async (topic: Topic) => (await publishArticle(payload, story(topic))).article

async function linksFrom(id: number | string): Promise<RelatedLink[]> {
  const { docs } = await payload.find({ collection: 'related-links', depth: 0, limit: 0, pagination: false, sort: 'position', where: { from: { equals: id } } })
  return docs
}
const autoTargets = async (id: number | string) =>
  (await linksFrom(id)).filter((link) => link.origin === 'auto').map((link) => link.to as number | string)

describe('related links on publish', () => {
  let a: Article, b: Article, other: Article

  beforeAll(async () => {
    a = await publish('flood')
    b = await publish('flood')
    other = await publish('senate')
  })

  it('links an article to its related ones and enters their lists (both directions)', async () => {
    expect(await autoTargets(b.id)).toEqual([a.id])
    expect(await autoTargets(a.id)).toEqual([b.id])
    expect(await autoTargets(other.id)).toEqual([])
  })

  it('stores rank, score and the reason on each automatic link', async () => {
    const [link] = await linksFrom(a.id)
    expect(link!.position).toBe(1)
    expect(link!.score).toBeGreaterThan(0.12)
    expect(link!.score).toBeLessThanOrEqual(1)
    const reason = link!.reason as { sharedCategories: string[]; sharedTerms: string[] }
    expect(reason.sharedTerms.length).toBeGreaterThan(0)
    expect(reason.sharedTerms.every((term) => TOPICS.flood.includes(term.slice(0, 4)))).toBe(true)
  })

  it('serves the list in page order to anonymous readers as a plain read', async () => {
    const response = await anonymous.rest('GET', `/articles/${a.id}?depth=2`)
    expect(response.status).toBe(200)
    const titles = response.body.relatedLinks.docs.map((link: any) => link.to?.title)
    expect(titles).toEqual([b.title])
  })

  it('never lists drafts, and a failed publish leaves every list as it was', async () => {
    const draft = await payload.create({ collection: 'articles', data: { ...story('flood'), _status: 'draft' }, draft: true })
    const refused = await admin.rest('PATCH', `/articles/${draft.id}`, { _status: 'published' })
    expect(refused.status).toBe(400)
    expect(await autoTargets(a.id)).toEqual([b.id])
    expect(await autoTargets(draft.id)).toEqual([])
    const indexed = await payload.find({ collection: 'related-vectors', where: { article: { equals: draft.id } } })
    expect(indexed.totalDocs).toBe(0)
  })

  it('a draft save of a published article changes no list', async () => {
    const before = (await linksFrom(a.id)).map((link) => link.id)
    await payload.update({ collection: 'articles', data: { title: 'mining coal miners shaft' }, draft: true, id: b.id })
    expect((await linksFrom(a.id)).map((link) => link.id)).toEqual(before)
    expect(await autoTargets(b.id)).toEqual([a.id])
  })
})

describe('leaving and coming back', () => {
  it('unpublish takes an article out of every list, which refills; republish puts both sides back', async () => {
    const x = await publish('vaccine')
    const y = await publish('vaccine')
    const z = await publish('vaccine')
    expect((await autoTargets(x.id)).sort()).toEqual([y.id, z.id].sort())

    await payload.update({ collection: 'articles', data: { _status: 'draft' }, id: y.id })
    expect(await autoTargets(x.id)).toEqual([z.id])
    expect(await autoTargets(z.id)).toEqual([x.id])
    expect(await autoTargets(y.id)).toEqual([])

    await payload.update({ collection: 'articles', data: { _status: 'published' }, id: y.id })
    expect((await autoTargets(x.id)).sort()).toEqual([y.id, z.id].sort())
    expect((await autoTargets(y.id)).sort()).toEqual([x.id, z.id].sort())
    expect((await autoTargets(z.id)).sort()).toEqual([x.id, y.id].sort())
  })

  it('delete takes the article, its links and its index entry with it; lists refill', async () => {
    const m1 = await publish('mining')
    const m2 = await publish('mining')
    const m3 = await publish('mining')
    await payload.delete({ collection: 'articles', id: m2.id })
    expect(await autoTargets(m1.id)).toEqual([m3.id])
    expect(await autoTargets(m3.id)).toEqual([m1.id])
    const leftovers = await payload.find({ collection: 'related-links', where: { or: [{ from: { equals: m2.id } }, { to: { equals: m2.id } }] } })
    expect(leftovers.totalDocs).toBe(0)
    const postings = await payload.find({ collection: 'related-postings', where: { article: { equals: m2.id } } })
    expect(postings.totalDocs).toBe(0)
  })
})

describe("editors' links", () => {
  it('pinned come first, excluded never appear, external ones stay, across rebuilds', async () => {
    const owner = await publish('flood')
    const related = await publish('flood')
    const unrelated = await publish('senate')
    const pinned = await payload.create({ collection: 'related-links', data: { from: owner.id, pinned: true, position: 7, to: unrelated.id } })
    const excluded = await payload.create({ collection: 'related-links', data: { excluded: true, from: owner.id, to: related.id } })
    const external = await payload.create({
      collection: 'related-links',
      data: { external: { outlet: 'example.org', title: 'Levees hold along the river' }, from: owner.id, position: 1 },
    })

    // Republishing with changed text rebuilds the list.
    await payload.update({ collection: 'articles', data: { summary: 'river flood levee rain update' }, id: owner.id })
    const list = await linksFrom(owner.id)
    const listed = list.filter((link) => link.position !== null && link.position !== undefined)
    expect(listed[0]!.id).toBe(pinned.id)
    expect(listed.map((link) => link.position)).toEqual(listed.map((_, index) => index + 1))
    expect(listed.at(-1)!.id).toBe(external.id)
    const autos = listed.filter((link) => link.origin === 'auto')
    expect(autos.length).toBeGreaterThan(0)
    expect(autos.map((link) => link.to)).not.toContain(related.id)
    expect(list.find((link) => link.id === excluded.id)!.position ?? null).toBeNull()
    expect(list.find((link) => link.id === external.id)!.external?.title).toBe('Levees hold along the river')

    // Anonymous readers never see the excluded link.
    const response = await anonymous.rest('GET', `/related-links?where[from][equals]=${owner.id}&limit=50`)
    expect(response.body.docs.map((link: any) => link.id)).not.toContain(excluded.id)
  })
})

describe('concurrency', () => {
  it('20 concurrent publishes leave consistent lists', async () => {
    const topics: Topic[] = ['flood', 'senate', 'vaccine', 'mining']
    const drafts: Article[] = []
    for (let i = 0; i < 20; i++) {
      const draft = await payload.create({ collection: 'articles', data: { ...story(topics[i % 4]!), _status: 'draft' }, draft: true })
      for (const kind of REQUIRED_KINDS) {
        await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`${kind} text`), kind } })
      }
      drafts.push(draft)
    }
    const results = await Promise.allSettled(
      drafts.map((draft) => payload.update({ collection: 'articles', data: { _status: 'published' }, id: draft.id })),
    )
    expect(results.filter((result) => result.status === 'rejected')).toEqual([])

    const { docs: articles } = await payload.find({ collection: 'articles', depth: 0, limit: 0, pagination: false, select: { _status: true } })
    const status = new Map(articles.map((article) => [String(article.id), article._status]))
    const { docs: links } = await payload.find({ collection: 'related-links', depth: 0, limit: 0, pagination: false, where: { origin: { equals: 'auto' } } })
    const byOwner = new Map<string, RelatedLink[]>()
    for (const link of links) byOwner.set(String(link.from), [...(byOwner.get(String(link.from)) ?? []), link])
    for (const [owner, list] of byOwner) {
      expect(status.get(owner), `list of ${owner}`).toBe('published')
      expect(list.length).toBeLessThanOrEqual(10)
      const targets = list.map((link) => String(link.to))
      expect(new Set(targets).size, `duplicates in list of ${owner}`).toBe(targets.length)
      for (const target of targets) expect(status.get(target), `${owner} → ${target}`).toBe('published')
    }
    // Every burst article found its topic mates.
    for (const draft of drafts) expect((await autoTargets(draft.id)).length).toBeGreaterThan(0)
  })
})

describe('the term index', () => {
  it('is not readable by anonymous readers or editors, and has no GraphQL surface', async () => {
    for (const slug of ['related-terms', 'related-postings', 'related-vectors']) {
      expect((await anonymous.rest('GET', `/${slug}`)).status, slug).toBe(403)
      expect((await anonymous.rest('POST', `/${slug}`, { term: 'x' })).status, slug).toBe(403)
    }
    const { editor } = await seedRoleClients(payload, stack.server.url)
    expect((await editor.rest('GET', '/related-vectors')).status).toBe(403)
    const gql = await admin.gql('{ RelatedVectors { docs { id } } }')
    expect(JSON.stringify(gql.body.errors)).toContain('Cannot query field')
    expect((await admin.gql('{ RelatedLinks { docs { id } } }')).body.data.RelatedLinks.docs.length).toBeGreaterThan(0)
  })
})
