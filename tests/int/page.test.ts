// The article page in one request: REST `GET /api/articles/page/:slug` and GraphQL
// `ArticlePage` answer the same page — article, categories, sections, petition, related links —
// with published content only for visitors, drafts for editors who ask, in a fixed number of queries.
import type { Payload } from 'payload'

import { createLocalReq } from 'payload'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { assembleArticlePage } from '../../src/articlePage/index'
import { type Api, gqlStatuses } from '../helpers/api'
import { paragraph, publishArticle } from '../helpers/articles'
import { type RoleClients, seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let roles: RoleClients
let anonymous: Api
let editor: Api

const PAGE_QUERY = `query Page($slug: String!, $draft: Boolean) {
  ArticlePage(slug: $slug, draft: $draft) {
    article {
      id title slug summary body publishedAt
      source { outlet url publishedAt byline }
      heroImage { id alt caption credit url width height sizes }
      categories { id name slug parent breadcrumbs { name slug } }
    }
    sections { id kind label heading body actions }
    petition { id title slug summary signatureCount goal status closesAt externalUrl consentText }
    relatedLinks {
      article { id title slug summary publishedAt source { outlet } heroImage { id alt url width height } }
      external { title url outlet publishedAt }
    }
  }
}`

const ids: Record<string, any> = {}

async function image(name: string) {
  const data = await sharp({ create: { background: '#336699', channels: 3, height: 500, width: 1000 } }).png().toBuffer()
  return payload.create({ collection: 'media', data: { alt: `${name} alt`, credit: 'Wire' }, file: { data, mimetype: 'image/png', name: `${name}.png`, size: data.length } })
}

/** Replaces whatever publishing built for `from` with exactly these links, in this order. */
async function setLinks(from: number | string, links: { excluded?: boolean; external?: Record<string, string>; to?: number | string }[]) {
  await payload.db.deleteMany({ collection: 'related-links', where: { from: { equals: from } } })
  for (const [index, link] of links.entries()) {
    await payload.db.create({
      collection: 'related-links',
      data: { excluded: link.excluded ?? false, external: link.external ?? {}, from, origin: 'manual', pinned: false, position: index + 1, to: link.to ?? null },
    })
  }
}

const page = (client: Api, slug: string, query = '') => client.rest('GET', `/articles/page/${slug}${query}`)
const gqlPage = (client: Api, slug: string, draft?: boolean) => client.gql(PAGE_QUERY, { draft, slug })

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  roles = await seedRoleClients(payload, stack.server.url)
  ;({ anonymous, editor } = roles)

  const world = await payload.create({ collection: 'categories', data: { name: 'World' } })
  const policy = await payload.create({ collection: 'categories', data: { name: 'Foreign Policy', parent: world.id } })
  const hero = await image('hero')
  const cardImage = await image('card')
  const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', closesAt: '2030-01-01T00:00:00.000Z', consentText: 'Keep me posted on the talks.', goal: 500, summary: 'Ask for talks.', title: 'Peace talks now' } })
  const draftPetition = await payload.create({ collection: 'petitions', data: { _status: 'draft', title: 'Not ready yet' }, draft: true })
  const sitePetition = await payload.create({ collection: 'petitions', data: { _status: 'published', externalUrl: 'https://example.org/sign', goal: 1000, title: 'Site-wide call' } })
  await payload.updateGlobal({ data: { defaultPetition: sitePetition.id }, slug: 'site-settings' })
  await payload.create({ collection: 'signatures', data: { consent: false, email: 'one@example.org', name: 'One Signer', petition: petition.id } as never, overrideAccess: true })
  Object.assign(ids, { draftPetition: draftPetition.id, hero: hero.id, petition: petition.id, policy: policy.id, sitePetition: sitePetition.id, world: world.id })

  // The page under test: sections created out of page order, a To Do with typed actions.
  const main = await payload.create({
    collection: 'articles',
    data: {
      _status: 'draft',
      body: paragraph('Envoy outlines a security offer.'),
      categories: [policy.id, world.id],
      heroImage: hero.id,
      petition: petition.id,
      source: { byline: 'Staff', outlet: 'indianexpress.com', publishedAt: '2025-08-17T14:28:29.000Z', url: 'https://indianexpress.com/a' },
      summary: 'An offer like collective defence.',
      title: 'Envoy outlines security offer',
    },
    draft: true,
  })
  await payload.create({
    collection: 'sections',
    data: {
      actions: [
        { blockType: 'contactOfficial', name: 'Your representative', sampleMessage: 'Please support diplomacy.' },
        { blockType: 'petition', petition: draftPetition.id, title: 'Draft petition action' },
        { blockType: 'petition', petition: petition.id, title: 'Our petition action' },
      ],
      article: main.id,
      body: paragraph('Things to do.'),
      kind: 'todo',
      order: 3,
    },
  })
  await payload.create({ collection: 'sections', data: { article: main.id, body: paragraph('Our opinion.'), heading: 'What we think', kind: 'opinion', order: 1 } })
  await payload.create({ collection: 'sections', data: { article: main.id, body: paragraph('Our action.'), kind: 'action', order: 2 } })
  await payload.update({ collection: 'articles', data: { _status: 'published' }, id: main.id })
  ids.main = main.id

  const { article: linked } = await publishArticle(payload, { heroImage: cardImage.id, source: { outlet: 'kuwaittimes.com' }, summary: 'Leaders quiz on guarantees.', title: 'Leaders to quiz on guarantees' })
  const { article: excluded } = await publishArticle(payload, { title: 'Excluded by an editor' })
  const hidden = await payload.create({ collection: 'articles', data: { _status: 'draft', slug: 'hidden-draft', title: 'Hidden draft article' }, draft: true })
  Object.assign(ids, { excluded: excluded.id, hidden: hidden.id, linked: linked.id, linkedSlug: linked.slug!, cardImage: cardImage.id })
  await setLinks(main.id, [
    { to: hidden.id },
    { to: linked.id },
    { excluded: true, to: excluded.id },
    { external: { outlet: 'timesofindia.com', publishedAt: '2025-08-17T10:00:00.000Z', title: 'Nato-style guarantee', url: 'https://timesofindia.com/x' } },
  ])
}, 300_000)

afterAll(async () => {
  await stack?.close()
})

describe('the page of a published article', () => {
  it('holds the article, its categories with breadcrumbs, its hero image, sections in order, the petition and the related links in order', async () => {
    const { body, status } = await page(anonymous, 'envoy-outlines-security-offer')
    expect(status).toBe(200)
    expect(body.article).toMatchObject({
      id: ids.main,
      publishedAt: expect.any(String),
      slug: 'envoy-outlines-security-offer',
      source: { byline: 'Staff', outlet: 'indianexpress.com', publishedAt: '2025-08-17T14:28:29.000Z', url: 'https://indianexpress.com/a' },
      summary: 'An offer like collective defence.',
      title: 'Envoy outlines security offer',
    })
    expect(JSON.stringify(body.article.body)).toContain('Envoy outlines a security offer.')
    expect(body.article.categories).toEqual([
      { breadcrumbs: [{ name: 'World', slug: 'world' }, { name: 'Foreign Policy', slug: 'foreign-policy' }], id: ids.policy, name: 'Foreign Policy', parent: ids.world, slug: 'foreign-policy' },
      { breadcrumbs: [{ name: 'World', slug: 'world' }], id: ids.world, name: 'World', parent: null, slug: 'world' },
    ])
    expect(body.article.heroImage).toMatchObject({ alt: 'hero alt', credit: 'Wire', height: 500, id: ids.hero, url: expect.stringContaining('hero'), width: 1000 })
    expect(body.article.heroImage.sizes.card).toMatchObject({ url: expect.stringContaining('hero'), width: 800 })

    expect(body.sections.map((section: any) => [section.kind, section.label, section.heading])).toEqual([
      ['opinion', 'Opinion', 'What we think'],
      ['action', 'Action', null],
      ['todo', 'To Do', null],
    ])
    const actions = body.sections[2].actions
    expect(actions.map((action: any) => action.blockType)).toEqual(['contactOfficial', 'petition', 'petition'])
    expect(actions[0]).toMatchObject({ name: 'Your representative', sampleMessage: 'Please support diplomacy.' })
    // A draft petition is no one's to see; a published one comes as a card.
    expect(actions[1].petition).toBeNull()
    expect(actions[2].petition).toEqual({ externalUrl: null, id: ids.petition, slug: 'peace-talks-now', status: 'open', title: 'Peace talks now' })

    expect(body.petition).toEqual({
      closesAt: '2030-01-01T00:00:00.000Z',
      consentText: 'Keep me posted on the talks.',
      externalUrl: null,
      goal: 500,
      id: ids.petition,
      signatureCount: 1,
      slug: 'peace-talks-now',
      status: 'open',
      summary: 'Ask for talks.',
      title: 'Peace talks now',
    })

    // The draft target and the excluded link are left out; the rest keep their positions' order.
    expect(body.relatedLinks).toEqual([
      {
        article: {
          heroImage: { alt: 'card alt', height: expect.any(Number), id: ids.cardImage, url: expect.stringContaining('card'), width: 800 },
          id: ids.linked,
          publishedAt: expect.any(String),
          slug: ids.linkedSlug,
          source: { outlet: 'kuwaittimes.com' },
          summary: 'Leaders quiz on guarantees.',
          title: 'Leaders to quiz on guarantees',
        },
        external: null,
      },
      { article: null, external: { outlet: 'timesofindia.com', publishedAt: '2025-08-17T10:00:00.000Z', title: 'Nato-style guarantee', url: 'https://timesofindia.com/x' } },
    ])
    // Nothing of a signer, no other article's body, no back-references.
    const text = JSON.stringify(body)
    for (const absent of ['one@example.org', 'One Signer', 'Hidden draft article', 'Excluded by an editor', '"from"', 'relatedLinks":{', 'Not ready yet']) expect(text).not.toContain(absent)
  })

  it('answers the same page to the GraphQL query', async () => {
    const rest = await page(anonymous, 'envoy-outlines-security-offer')
    const gql = await gqlPage(anonymous, 'envoy-outlines-security-offer')
    expect(gql.body.errors).toBeUndefined()
    expect(gql.body.data.ArticlePage).toEqual(rest.body)
  })

  it('answers the same page to Local API callers', async () => {
    const req = await createLocalReq({}, payload)
    const local = await assembleArticlePage(req, 'envoy-outlines-security-offer')
    expect(JSON.parse(JSON.stringify(local))).toEqual((await page(anonymous, 'envoy-outlines-security-offer')).body)
  })

  it('falls back to the site default petition when the article has none visitors can see', async () => {
    const { article: without } = await publishArticle(payload, { title: 'Without a petition' })
    const { article: withDraft } = await publishArticle(payload, { petition: ids.draftPetition, title: 'With a draft petition' })
    for (const slug of [without.slug!, withDraft.slug!]) {
      const { body } = await page(anonymous, slug)
      expect(body.petition).toMatchObject({ externalUrl: 'https://example.org/sign', goal: 1000, id: ids.sitePetition, signatureCount: 0, title: 'Site-wide call' })
      expect((await gqlPage(anonymous, slug)).body.data.ArticlePage.petition.id).toBe(ids.sitePetition)
    }
    // An editor previewing sees the article's own draft petition.
    expect((await page(editor, withDraft.slug!, '?draft=true')).body.petition).toMatchObject({ id: ids.draftPetition, title: 'Not ready yet' })
  })
})

describe('drafts', () => {
  it('a draft-only article is a 404 to visitors and to editors who do not ask for drafts', async () => {
    for (const client of [anonymous, editor, roles.author]) {
      expect((await page(client, 'hidden-draft')).status).toBe(404)
      expect(gqlStatuses((await gqlPage(client, 'hidden-draft')).body)).toEqual([404])
    }
    // Asking for drafts without signing in changes nothing.
    expect((await page(anonymous, 'hidden-draft', '?draft=true')).status).toBe(404)
    expect(gqlStatuses((await gqlPage(anonymous, 'hidden-draft', true)).body)).toEqual([404])
  })

  it('editors preview drafts with draft=true; authors only their own', async () => {
    const preview = await page(editor, 'hidden-draft', '?draft=true')
    expect(preview.status).toBe(200)
    expect(preview.body.article.title).toBe('Hidden draft article')
    expect((await gqlPage(editor, 'hidden-draft', true)).body.data.ArticlePage.article.title).toBe('Hidden draft article')
    expect((await page(roles.author, 'hidden-draft', '?draft=true')).status).toBe(404)
    // In preview, a linked draft article and the draft petition action show too.
    const main = await page(editor, 'envoy-outlines-security-offer', '?draft=true')
    expect(main.body.relatedLinks.map((link: any) => link.article?.title ?? link.external.title)).toEqual([
      'Hidden draft article',
      'Leaders to quiz on guarantees',
      'Nato-style guarantee',
    ])
    expect(main.body.sections[2].actions[1].petition).toMatchObject({ id: ids.draftPetition })
  })

  it('a published article with a newer draft shows the published version to visitors', async () => {
    const { article } = await publishArticle(payload, { summary: 'Live summary.', title: 'Live headline' })
    await payload.update({ collection: 'articles', data: { summary: 'Draft summary.', title: 'Draft headline' }, draft: true, id: article.id })
    for (const client of [anonymous, editor]) {
      const { body } = await page(client, article.slug!)
      expect(body.article).toMatchObject({ summary: 'Live summary.', title: 'Live headline' })
      expect((await gqlPage(client, article.slug!)).body.data.ArticlePage.article.title).toBe('Live headline')
    }
    expect((await page(editor, article.slug!, '?draft=true')).body.article.title).toBe('Draft headline')
  })

  it('a linked article that is unpublished drops out of the related links', async () => {
    const before = await page(anonymous, 'envoy-outlines-security-offer')
    expect(before.body.relatedLinks).toHaveLength(2)
    await payload.update({ collection: 'articles', data: { _status: 'draft' }, id: ids.linked })
    try {
      for (const client of [anonymous, editor]) {
        const { body } = await page(client, 'envoy-outlines-security-offer')
        expect(body.relatedLinks.map((link: any) => link.external?.title ?? link.article.title)).toEqual(['Nato-style guarantee'])
      }
    } finally {
      await payload.update({ collection: 'articles', data: { _status: 'published' }, id: ids.linked })
    }
  })
})

describe('slugs that name no article', () => {
  it('an unknown slug is a 404 at REST and GraphQL', async () => {
    expect((await page(anonymous, 'no-such-article')).status).toBe(404)
    expect(gqlStatuses((await gqlPage(anonymous, 'no-such-article')).body)).toEqual([404])
  })

  it.each([
    ['far too long', 'a'.repeat(5000)],
    ['a NUL byte', 'a%00b'],
    ['a control character', 'a%01b'],
    ['an encoded slash', 'a%2Fb'],
    ['dot segments', '..%2F..%2Fusers'],
    ['a broken escape', 'a%ZZb'],
    ['a truncated UTF-8 sequence', 'a%E0%A4'],
    ['an encoded lone surrogate', 'a%ED%A0%80b'],
    ['emoji', '%F0%9F%98%80'],
    ['a query-looking slug', 'a%3Fdraft%3Dtrue'],
  ])('%s is a 4xx, never a 5xx', async (_name, slug) => {
    const response = await fetch(`${stack.server.url}/api/articles/page/${slug}`)
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
  })

  it('a broken escape anywhere in an API path is a 400 naming the path, not a 500 from the router', async () => {
    for (const path of ['/api/articles/a%ZZb', '/api/globals/site-settings%E0%A4']) {
      const response = await fetch(`${stack.server.url}${path}`)
      expect(response.status).toBe(400)
      expect((await response.json()).errors[0].data.errors[0].path).toBe('path')
    }
  })

  it('a slug past the length limit or with a NUL byte is a 400 naming slug', async () => {
    for (const slug of ['a'.repeat(5000), 'a%00b']) {
      const { body, status } = await page(anonymous, slug)
      expect(status).toBe(400)
      expect(body.errors[0].data.errors[0].path).toBe('slug')
    }
  })

  it('GraphQL refuses a slug with a NUL byte or past the length limit with a 400', async () => {
    expect(gqlStatuses((await gqlPage(anonymous, 'a\u0000b')).body)).toEqual([400])
    expect(gqlStatuses((await gqlPage(anonymous, 'a'.repeat(5000))).body)).toEqual([400])
  })
})

describe('cost', () => {
  it('counts the same queries whatever the number of related links, sections and categories', async () => {
    const calls: string[] = []
    const db = payload.db as unknown as Record<string, (...args: unknown[]) => unknown>
    const methods = ['count', 'find', 'findGlobal', 'findOne', 'queryDrafts'] as const
    const originals = methods.map((name) => db[name]!)
    methods.forEach((name, index) => {
      db[name] = (...args: unknown[]) => {
        calls.push(name)
        return originals[index]!.apply(payload.db, args)
      }
    })
    const queriesFor = async (slug: string) => {
      calls.length = 0
      await assembleArticlePage(await createLocalReq({}, payload), slug)
      return calls.length
    }
    try {
      const { article: few } = await publishArticle(payload, { categories: [ids.world], title: 'Few links here' })
      await setLinks(few.id, [{ to: ids.linked }])
      const { article: many } = await publishArticle(payload, { categories: [ids.world, ids.policy], heroImage: ids.hero, title: 'Many links here' })
      const targets = []
      for (let n = 0; n < 12; n++) targets.push((await publishArticle(payload, { heroImage: ids.cardImage, title: `Target number ${n}` })).article.id)
      await setLinks(many.id, targets.map((to) => ({ to })))
      const fewQueries = await queriesFor(few.slug!)
      const manyQueries = await queriesFor(many.slug!)
      expect(manyQueries).toBeLessThanOrEqual(fewQueries + 2) // the hero image and one more level of categories
      expect(manyQueries).toBeLessThanOrEqual(12)
      expect((await page(anonymous, many.slug!)).body.relatedLinks).toHaveLength(12)
    } finally {
      methods.forEach((name, index) => (db[name] = originals[index]!))
    }
  })

  it('GraphQL weighs the page: a few pages in one request pass, many are refused before running', async () => {
    const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, n) => `p${n}: ArticlePage(slug: "envoy-outlines-security-offer") { article { title } }`).join(' ')} }`
    const few = await anonymous.gql(aliases(2))
    expect(few.body.errors).toBeUndefined()
    const many = await anonymous.gql(aliases(10))
    expect(many.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY')
    expect(many.body.data ?? null).toBeNull()
  })
})
