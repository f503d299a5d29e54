// A first start on an empty database seeds a demo site through the importer: published
// articles with all three sections, a petition and related links. Only once; SEED_DEMO=false
// turns it off.
import { afterAll, beforeAll, expect, it } from 'vitest'

import { json } from '../helpers/http'
import { onMongoEmulator } from '../helpers/mongoEmulator'
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase'
import { startTestServer } from '../helpers/testServer'

const DEMO_ARTICLES = 6
type Listing<T> = { docs: T[]; totalDocs: number }
type DemoArticle = {
  categories: { name: string }[]
  id: number
  petition?: { slug: string; title: string } | null
  relatedLinks?: { docs: unknown[] }
  sections?: { docs: { kind: string }[] }
  title: string
}

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database?.drop())

it('seeds published demo articles with sections, categories, a petition and related links on the first start, and only then', async () => {
  const first = await startTestServer({ env: { DATABASE_URI: database.uri, SEED_DEMO: undefined } })
  try {
    expect(first.output()).toContain(`Demo content: ${DEMO_ARTICLES} of ${DEMO_ARTICLES} demo articles published`)
    // A list carries joins only when named.
    const listing = await json<Listing<DemoArticle>>(await fetch(`${first.url}/api/articles?depth=1&limit=20&joins[sections][limit]=10&joins[relatedLinks][limit]=10`))
    expect(listing.totalDocs).toBe(DEMO_ARTICLES)
    // The emulator runs without join aggregations (it rejects their $slice), and Payload's other
    // way applies a join's limit once across the whole list: there each article is read by itself.
    const articles = onMongoEmulator()
      ? await Promise.all(listing.docs.map(async ({ id }) => json<DemoArticle>(await fetch(`${first.url}/api/articles/${id}?depth=1`))))
      : listing.docs
    for (const article of articles) {
      expect(article.sections?.docs.map((section) => section.kind).sort(), article.title).toEqual(['action', 'opinion', 'todo'])
      expect(article.categories.length, article.title).toBeGreaterThan(0)
      expect(article.petition?.slug, article.title).toBe('keep-harrowgate-public-services-open')
      expect(article.relatedLinks?.docs.length, article.title).toBeGreaterThan(0)
    }
    // The demo pages name each other in their related lists: those became internal links.
    const internal = await json<Listing<unknown>>(await fetch(`${first.url}/api/related-links?where[to][exists]=true&where[origin][equals]=manual&limit=1`))
    expect(internal.totalDocs).toBeGreaterThanOrEqual(DEMO_ARTICLES)
    const categories = await json<Listing<{ name: string }>>(await fetch(`${first.url}/api/categories?limit=50`))
    expect(categories.docs.map((category) => category.name).sort()).toEqual(['Environment', 'Housing & Development', 'Public Services', 'Transit – Infrastructure'])
  } finally {
    await first.stop()
  }

  // A restart finds content and leaves it alone.
  const second = await startTestServer({ env: { DATABASE_URI: database.uri, SEED_DEMO: undefined } })
  try {
    expect(second.output()).not.toContain('Demo content')
    expect((await json<Listing<unknown>>(await fetch(`${second.url}/api/articles?limit=1`))).totalDocs).toBe(DEMO_ARTICLES)
  } finally {
    await second.stop()
  }
})

it('SEED_DEMO=false starts empty', async () => {
  const server = await startTestServer({ env: { SEED_DEMO: 'false' } })
  try {
    expect(server.output()).not.toContain('Demo content')
    expect((await json<Listing<unknown>>(await fetch(`${server.url}/api/articles?limit=1`))).totalDocs).toBe(0)
  } finally {
    await server.stop()
  }
})
