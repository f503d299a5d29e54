// What a visitor's read holds by default — the same over REST, GraphQL and the Local API: an
// article's parts without the article again, linked articles, categories, images and petitions
// as cards, breadcrumbs as names and slugs, and lists of articles without their joins, so a list
// of ten stays within twice the bytes of those articles' own fields. What a reader asks for by
// name (`joins`, `select`, `populate`, `depth`) still comes.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Api, api, gqlIdType } from '../helpers/api'
import { seedDemoArticles } from '../helpers/demoArticles'
import { testEngine } from '../helpers/testDatabase'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let visitor: Api
let articleIds: (number | string)[]
/** A published demo article with every part: hero, a nested category, petition, sections, links. */
let pageId: number | string
let childCategoryId: number | string

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  visitor = api(stack.server.url)
  articleIds = await seedDemoArticles(payload)
  pageId = articleIds[0]!
  const page = await payload.findByID({ collection: 'articles', depth: 0, id: pageId })
  const parentId = page.categories![0] as number | string
  childCategoryId = (await payload.create({ collection: 'categories', data: { name: 'Wetland Rulings', parent: parentId as number } })).id
  await payload.update({ collection: 'articles', data: { categories: [...(page.categories as (number | string)[]), childCategoryId] as number[] }, id: pageId })
}, 300_000)
afterAll(async () => {
  await stack?.close()
})

const keys = (value: unknown) => Object.keys(value as object).sort()
const onMongo = testEngine() === 'mongodb'
/**
 * The fields `value` holds are exactly `expected`. MongoDB stores no field never set and
 * Payload leaves it out of the answer there (SQL answers null), so on MongoDB the fields it holds
 * must be among `expected`.
 */
const expectKeys = (value: unknown, expected: string[]) => {
  const held = keys(value)
  expect(held).toEqual(onMongo ? expected.filter((key) => held.includes(key)) : expected)
}
/** An answer with null fields left out on MongoDB, where REST leaves out what GraphQL answers as null. */
const withoutUnset = (value: unknown) => (onMongo ? JSON.parse(JSON.stringify(value, (_key, each) => (each === null ? undefined : each))) : value)
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value))

const ARTICLE_CARD_KEYS = ['heroImage', 'id', 'publishedAt', 'slug', 'source', 'summary', 'title']
const CATEGORY_CARD_KEYS = ['id', 'name', 'parent', 'slug']
const MEDIA_CARD_KEYS = ['alt', 'id', 'sizes']
const PETITION_CARD_KEYS = ['closesAt', 'consentText', 'externalUrl', 'goal', 'id', 'signatureCount', 'slug', 'status', 'summary', 'title']
const SECTION_KEYS = ['actions', 'body', 'heading', 'id', 'kind', 'order']
const LINK_KEYS = ['external', 'id', 'position', 'to']

function expectMediaCard(image: any) {
  expectKeys(image, MEDIA_CARD_KEYS)
  expectKeys(image.sizes, ['card'])
  expect(image.sizes.card).toMatchObject({ height: 450, width: 800 })
  expect(image.sizes.card.url).toMatch(/^\/api\/media\/file\/.+800x450\.jpg$/)
}

function expectPetitionCard(petition: any) {
  expect(keys(petition).every((key) => PETITION_CARD_KEYS.includes(key)), keys(petition).join()).toBe(true)
  expect(petition).toMatchObject({ goal: 500, signatureCount: 0, status: 'open' })
  expect(petition.title).toBeTruthy()
}

function expectArticleCard(card: any) {
  expectKeys(card, ARTICLE_CARD_KEYS)
  expectKeys(card.source, ['outlet'])
  expect(card.title && card.slug && card.summary && card.publishedAt).toBeTruthy()
}

/** The article a visitor reads by id at the default depth (2). */
function expectLeanPage(article: any) {
  expectMediaCard(article.heroImage)
  expectPetitionCard(article.petition)
  for (const category of article.categories) expectKeys(category, CATEGORY_CARD_KEYS)
  const child = article.categories.find((category: any) => category.id === childCategoryId)
  expect(child.parent).toBe(article.categories[0].id)

  expect(article.sections.docs.map((section: any) => section.kind)).toEqual(['opinion', 'action', 'todo'])
  for (const section of article.sections.docs) {
    expect(keys(section).every((key) => SECTION_KEYS.includes(key)), keys(section).join()).toBe(true)
    expect(section.body).toBeTruthy()
  }
  const todo = article.sections.docs.find((section: any) => section.kind === 'todo')
  expect(todo.actions.map((action: any) => action.blockType)).toContain('petition')

  const links = article.relatedLinks.docs
  expect(links.map((link: any) => link.position)).toEqual(links.map((_: unknown, index: number) => index + 1))
  for (const link of links) expectKeys(link, LINK_KEYS)
  const internal = links.filter((link: any) => link.to)
  expect(internal.length).toBeGreaterThan(0)
  for (const link of internal) {
    expectArticleCard(link.to)
    // One level further than the default depth: the card's image is its id until `depth=3`.
    expect(['number', 'string']).toContain(typeof link.to.heroImage)
  }
  expect(links.some((link: any) => !link.to && link.external.title)).toBe(true)
}

describe('one article, read by id at the default depth', () => {
  it('over REST: parts without the article again, everything else as cards', async () => {
    const { body, status } = await visitor.rest('GET', `/articles/${pageId}`)
    expect(status).toBe(200)
    expectLeanPage(body)
  })

  it('over the Local API as a visitor: the same answer', async () => {
    const local = await payload.findByID({ collection: 'articles', id: pageId, overrideAccess: false })
    expectLeanPage(local)
    const { body } = await visitor.rest('GET', `/articles/${pageId}`)
    expect(JSON.parse(JSON.stringify(local))).toEqual(body)
  })

  it('at depth 3, a linked article’s card brings its hero image as a media card', async () => {
    const { body } = await visitor.rest('GET', `/articles/${pageId}?depth=3`)
    const internal = body.relatedLinks.docs.filter((link: any) => link.to)
    for (const link of internal) {
      expectArticleCard(link.to)
      expectMediaCard(link.to.heroImage)
    }
  })
})

describe('categories', () => {
  it('read directly: the parent as a card, breadcrumbs as names and slugs only', async () => {
    const { body } = await visitor.rest('GET', `/categories/${childCategoryId}`)
    expectKeys(body.parent, CATEGORY_CARD_KEYS)
    expect(body.breadcrumbs.map(keys)).toEqual([
      ['name', 'slug'],
      ['name', 'slug'],
    ])
    expect(body.breadcrumbs.map((crumb: any) => crumb.name)).toEqual([body.parent.name, 'Wetland Rulings'])
  })

  it('over GraphQL: breadcrumbs have a name and a slug, and nothing to populate', async () => {
    const asked = await visitor.gql(`{ Category(id: ${JSON.stringify(childCategoryId)}) { name parent { slug } breadcrumbs { name slug } } }`)
    expect(asked.body.data.Category.breadcrumbs).toEqual([
      { name: asked.body.data.Category.breadcrumbs[0].name, slug: asked.body.data.Category.parent.slug },
      { name: 'Wetland Rulings', slug: 'wetland-rulings' },
    ])
    const populate = await visitor.gql(`{ Category(id: ${JSON.stringify(childCategoryId)}) { breadcrumbs { category { name } } } }`)
    expect(populate.body.errors?.[0]?.message).toMatch(/Cannot query field "category"/)
  })
})

describe('GraphQL agrees with REST on what a page shows', () => {
  it('the cards REST gives are the fields GraphQL answers for the same article', async () => {
    const rest = withoutUnset((await visitor.rest('GET', `/articles/${pageId}`)).body)
    const { body } = await visitor.gql(
      `query ($id: ${gqlIdType(pageId)}!) { Article(id: $id) {
        categories { id name slug parent { id } }
        heroImage { id alt sizes { card { filename url width height } } }
        petition { id title slug summary signatureCount goal status closesAt externalUrl consentText }
        sections { docs { id kind heading order } }
        relatedLinks { docs { id position external { title url outlet publishedAt } to { id title slug summary source { outlet } publishedAt heroImage { id } } } }
      } }`,
      { id: pageId },
    )
    const article = body.data.Article
    expect(withoutUnset(article.categories.map((category: any) => ({ ...category, parent: category.parent?.id ?? null })))).toEqual(rest.categories)
    expect(withoutUnset(article.heroImage)).toEqual(rest.heroImage)
    expect(withoutUnset(article.petition)).toEqual(rest.petition)
    expect(withoutUnset(article.sections.docs)).toEqual(rest.sections.docs.map(({ actions: _actions, body: _body, ...section }: any) => section))
    expect(
      withoutUnset(article.relatedLinks.docs.map((link: any) => ({ ...link, to: link.to && { ...link.to, heroImage: link.to.heroImage?.id ?? null } }))),
    ).toEqual(rest.relatedLinks.docs)
  })
})

describe('lists of articles', () => {
  it('the default list of 10 is at most twice the bytes of those articles’ own fields', async () => {
    const list = await visitor.rest('GET', '/articles?limit=10')
    const own = await visitor.rest('GET', '/articles?limit=10&depth=0&joins[sections]=false&joins[relatedLinks]=false')
    expect(list.body.docs.map((doc: any) => doc.id)).toEqual(own.body.docs.map((doc: any) => doc.id))
    expect(list.body.docs).toHaveLength(10)
    const ratio = bytes(list.body) / bytes(own.body)
    console.log(`list of 10: ${bytes(list.body)} bytes, own fields ${bytes(own.body)} bytes, ratio ${ratio.toFixed(2)}`)
    expect(ratio).toBeLessThanOrEqual(2)
  })

  it('a listed article has its cards and no joins, over REST and the Local API alike', async () => {
    const { body } = await visitor.rest('GET', '/articles?limit=10')
    const local = await payload.find({ collection: 'articles', limit: 10, overrideAccess: false })
    expect(JSON.parse(JSON.stringify(local))).toEqual(body)
    for (const article of body.docs) {
      expect(article.sections).toBeUndefined()
      expect(article.relatedLinks).toBeUndefined()
      expectMediaCard(article.heroImage)
      expectPetitionCard(article.petition)
      for (const category of article.categories) expectKeys(category, CATEGORY_CARD_KEYS)
    }
  })
})

describe('what a reader asks for by name still comes', () => {
  it('joins named in a list', async () => {
    const { body } = await visitor.rest('GET', '/articles?limit=2&joins[relatedLinks][limit]=3&joins[sections][limit]=10')
    for (const article of body.docs) {
      expect(article.sections.docs).toHaveLength(3)
      expect(article.relatedLinks.docs.length).toBeLessThanOrEqual(3)
      for (const link of article.relatedLinks.docs.filter((link: any) => link.to)) expectArticleCard(link.to)
    }
  })

  it('a join named in select', async () => {
    const { body } = await visitor.rest('GET', '/articles?limit=2&select[title]=true&select[sections]=true')
    for (const article of body.docs) {
      expectKeys(article, ['id', 'sections', 'title'])
      expect(article.sections.docs).toHaveLength(3)
    }
  })

  it('populate replaces a card', async () => {
    const { body } = await visitor.rest(
      'GET',
      `/articles/${pageId}?populate[articles][title]=true&populate[articles][body]=true&populate[related-links][from]=true&populate[related-links][to]=true`,
    )
    const link = body.relatedLinks.docs.find((doc: any) => doc.to)
    expectKeys(link, ['from', 'id', 'to'])
    expectKeys(link.to, ['body', 'id', 'title'])
  })

  it('depth 0 leaves every relation an id', async () => {
    const { body } = await visitor.rest('GET', `/articles/${pageId}?depth=0`)
    expect(['number', 'string']).toContain(typeof body.heroImage)
    expect(['number', 'string']).toContain(typeof body.petition)
    expect(['number', 'string']).toContain(typeof body.relatedLinks.docs[0])
  })
})
