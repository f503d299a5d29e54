// The content model as frontend developers and editors meet it over REST and GraphQL: bad
// input gets a 400 naming the field, slugs behave, joins list the same items in both APIs,
// uploads are resized and guarded, and deleting an article takes its parts with it.
import type { Payload } from 'payload'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Api, api, invalidPaths } from '../helpers/api'
import { lexicalParagraph } from '../../src/utilities/lexicalParagraph'
import { paragraph, publishArticle } from '../helpers/articles'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'
import type { TestServer } from '../helpers/testServer'
import { skipOnEmulator } from '../helpers/mongoEmulator'

let stack: TestStack
let server: TestServer
let payload: Payload
let admin: Api

beforeAll(async () => {
  stack = await startTestStack()
  ;({ admin, payload, server } = stack)
})
afterAll(async () => {
  await stack?.close()
})

const publishedArticle = async (title: string, data: Record<string, unknown> = {}) =>
  (await publishArticle(payload, { title, ...data })).article
const draftArticle = async (title: string) => (await admin.rest('POST', '/articles?draft=true', { title })).body.doc

describe('bad input: 400 naming the field, nothing written', () => {
  it('an article without a title', async () => {
    const response = await admin.rest('POST', '/articles', { summary: 'No headline' })
    expect(response.status).toBe(400)
    expect(invalidPaths(response.body)).toContain('title')
    expect((await payload.count({ collection: 'articles', where: { summary: { equals: 'No headline' } } })).totalDocs).toBe(0)
  })

  it('a duplicate slug', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them')
    expect((await admin.rest('POST', '/articles', { slug: 'same-slug', title: 'First' })).status).toBe(201)
    const response = await admin.rest('POST', '/articles', { slug: 'same-slug', title: 'Second' })
    expect(response.status).toBe(400)
    expect(invalidPaths(response.body)).toContain('slug')
  })

  it('a second Opinion section on one article', async () => {
    const article = await draftArticle('Two opinions')
    expect((await admin.rest('POST', '/sections', { article: article.id, kind: 'opinion' })).status).toBe(201)
    const response = await admin.rest('POST', '/sections', { article: article.id, kind: 'opinion' })
    expect(response.status).toBe(400)
    expect(invalidPaths(response.body)).toEqual(['kind'])
    expect(JSON.stringify(response.body)).toContain('already has an Opinion section')
    expect((await payload.count({ collection: 'sections', where: { article: { equals: article.id } } })).totalDocs).toBe(1)
  })

  it('a signature with a malformed email, and a second signature by the same person', async () => {
    const petition = (await admin.rest('POST', '/petitions', { _status: 'published', title: 'Signable' })).body.doc
    const malformed = await admin.rest('POST', '/signatures', { email: 'not-an-email', petition: petition.id })
    expect(malformed.status).toBe(400)
    expect(invalidPaths(malformed.body)).toEqual(['email'])
    expect((await admin.rest('POST', '/signatures', { email: 'same@example.com', petition: petition.id })).status).toBe(201)
    const repeat = await admin.rest('POST', '/signatures', { email: ' SAME@example.com', petition: petition.id })
    expect(repeat.status).toBe(400)
    expect(invalidPaths(repeat.body)).toEqual(['email'])
    expect((await payload.count({ collection: 'signatures', where: { petition: { equals: petition.id } } })).totalDocs).toBe(1)
  })

  it('a related link with no target, and a category nested under itself', async () => {
    const article = await publishedArticle('Link source')
    const noTarget = await admin.rest('POST', '/related-links', { from: article.id })
    expect(noTarget.status).toBe(400)
    expect(invalidPaths(noTarget.body)).toEqual(['to'])
    const parent = (await admin.rest('POST', '/categories', { name: 'Parent topic' })).body.doc
    const child = (await admin.rest('POST', '/categories', { name: 'Child topic', parent: parent.id })).body.doc
    const cycle = await admin.rest('PATCH', `/categories/${parent.id}`, { parent: child.id })
    expect(cycle.status).toBe(400)
    expect(invalidPaths(cycle.body)).toEqual(['parent'])
  })
})

describe('slugs and dates', () => {
  it('derive category slugs from names and give breadcrumbs', async () => {
    const parent = (await admin.rest('POST', '/categories', { name: 'Foreign Policy & International Relations' })).body.doc
    expect(parent.slug).toBe('foreign-policy-and-international-relations')
    const child = (await admin.rest('POST', '/categories', { name: 'U.S.–Russia Relations', parent: parent.id })).body.doc
    const read = (await api(server.url).rest('GET', `/categories/${child.id}`)).body
    expect(read.breadcrumbs.map((crumb: any) => crumb.name)).toEqual(['Foreign Policy & International Relations', 'U.S.–Russia Relations'])
  })

  it('keep an article slug stable once published unless an editor changes it; set publishedAt once', async () => {
    const draft = await draftArticle('Working title')
    expect(draft.slug).toBe('working-title')
    for (const kind of ['opinion', 'action', 'todo']) {
      await admin.rest('POST', '/sections', { article: draft.id, body: paragraph(`${kind} text`), kind })
    }
    const published = (await admin.rest('PATCH', `/articles/${draft.id}`, { _status: 'published', title: 'Final title' })).body.doc
    const firstPublishedAt = published.publishedAt
    expect(firstPublishedAt).toBeTruthy()
    const retitled = (await admin.rest('PATCH', `/articles/${draft.id}`, { title: 'Retitled after publishing' })).body.doc
    expect(retitled.slug).toBe(published.slug)
    expect(retitled.publishedAt).toBe(firstPublishedAt)
    const renamed = (await admin.rest('PATCH', `/articles/${draft.id}`, { slug: 'chosen-by-editor' })).body.doc
    expect(renamed.slug).toBe('chosen-by-editor')
  })

  it('store the source date-time in UTC', async () => {
    const article = (
      await admin.rest('POST', '/articles', { source: { outlet: 'example.org', publishedAt: '2025-08-17T10:28:29-04:00' }, title: 'Dated' })
    ).body.doc
    expect(article.source.publishedAt).toBe('2025-08-17T14:28:29.000Z')
  })
})

describe('section actions', () => {
  it('one GraphQL query reads every kind of action with inline fragments, no aliases: same-named fields have one type', async (context) => {
    skipOnEmulator(context, "its projection of chosen fields inside an array of blocks (GraphQL reads select what they name) returns null items, which Payload's afterRead cannot read")
    const article = await draftArticle('Things to do about the river')
    await payload.create({
      collection: 'sections',
      data: {
        actions: [
          { blockType: 'petition', platform: 'Change.org', title: 'Save the river', url: 'https://www.change.org/p/save-the-river' },
          { blockType: 'contactOfficial', name: 'Jane Doe', office: 'Mayor' },
          { blockType: 'supportOrganization', name: 'River Trust', url: 'https://rivertrust.example.org' },
          { blockType: 'attendEvent', title: 'Clean-up day', where: 'The old mill' },
          // What the importer writes where the page names none: a petition with no title, an office with no name.
          { blockType: 'petition', url: 'https://www.change.org/p/untitled' },
          { blockType: 'contactOfficial', office: 'The White House' },
        ],
        article: article.id,
        kind: 'todo',
      },
    })
    const query = `{ Sections(where: { article: { equals: ${JSON.stringify(article.id)} } }) { docs { actions {
      __typename
      ... on PetitionAction { title url platform }
      ... on ContactOfficialAction { name office }
      ... on SupportOrganizationAction { name url }
      ... on AttendEventAction { title where }
    } } } }`
    const response = await admin.gql(query)
    expect(response.body.errors).toBeUndefined()
    const [section] = response.body.data.Sections.docs
    expect(section.actions).toEqual([
      { __typename: 'PetitionAction', platform: 'Change.org', title: 'Save the river', url: 'https://www.change.org/p/save-the-river' },
      { __typename: 'ContactOfficialAction', name: 'Jane Doe', office: 'Mayor' },
      { __typename: 'SupportOrganizationAction', name: 'River Trust', url: 'https://rivertrust.example.org' },
      { __typename: 'AttendEventAction', title: 'Clean-up day', where: 'The old mill' },
      { __typename: 'PetitionAction', platform: null, title: null, url: 'https://www.change.org/p/untitled' },
      { __typename: 'ContactOfficialAction', name: null, office: 'The White House' },
    ])
  })

  it('an event still needs a title and an organisation a name, and links are web addresses: 400 naming the field, nothing written', async () => {
    const article = await draftArticle('Events without names')
    for (const [action, path] of [
      [{ blockType: 'attendEvent', where: 'Town hall' }, 'actions.0.title'],
      [{ blockType: 'supportOrganization', url: 'https://example.org' }, 'actions.0.name'],
      [{ blockType: 'attendEvent', title: '   ' }, 'actions.0.title'],
      [{ blockType: 'petition', url: 'javascript:alert(1)' }, 'actions.0.url'],
      [{ blockType: 'contactOfficial', contactUrl: 'data:text/html,<script>alert(1)</script>' }, 'actions.0.contactUrl'],
      [{ blockType: 'supportOrganization', name: 'Trust', url: 'ftp://example.org' }, 'actions.0.url'],
      [{ blockType: 'attendEvent', title: 'March', url: 'vbscript:x' }, 'actions.0.url'],
    ] as const) {
      const response = await admin.rest('POST', '/sections', { actions: [action], article: article.id, kind: 'todo' })
      expect(response.status, JSON.stringify(action)).toBe(400)
      expect(invalidPaths(response.body)).toEqual([path])
    }
    expect((await payload.count({ collection: 'sections', where: { article: { equals: article.id } } })).totalDocs).toBe(0)
  })

  it('only To Do sections hold actions: sent with another kind, 400 naming actions on REST, GraphQL and a bulk update; switched away, a section drops them', async () => {
    const article = await draftArticle('Actions only where they belong')
    const unsafe = [{ blockType: 'petition', url: 'javascript:alert(1)' }]
    const refused = await admin.rest('POST', '/sections', { actions: unsafe, article: article.id, kind: 'opinion' })
    expect(refused.status).toBe(400)
    expect(invalidPaths(refused.body)).toEqual(['actions'])
    const mutation = await admin.gql(`mutation ($a: JSON) { createSection(data: { article: ${JSON.stringify(article.id)}, kind: action, actions: $a }) { id } }`, { a: unsafe })
    expect(JSON.stringify(mutation.body.errors)).toContain('holds no actions')

    const opinion = (await admin.rest('POST', '/sections', { article: article.id, kind: 'opinion' })).body.doc
    const patched = await admin.rest('PATCH', `/sections/${opinion.id}`, { actions: unsafe })
    expect(patched.status).toBe(400)
    expect(invalidPaths(patched.body)).toEqual(['actions'])
    const bulk = await admin.rest('PATCH', `/sections?where[id][equals]=${opinion.id}`, { actions: unsafe })
    expect(bulk.status).toBe(400)
    const todo = (await admin.rest('POST', '/sections', { actions: [{ blockType: 'petition', url: 'https://example.org/p' }], article: article.id, kind: 'todo' })).body.doc
    // What the admin sends when an editor switches the kind: the hidden actions along with it.
    const switched = await admin.rest('PATCH', `/sections/${todo.id}`, { actions: todo.actions, kind: 'action' })
    expect(switched.status).toBe(200)
    const stored = await payload.find({ collection: 'sections', depth: 0, where: { article: { equals: article.id } } })
    expect(stored.docs.map((section) => [section.kind, section.actions ?? []])).toEqual(
      expect.arrayContaining([
        ['opinion', []],
        ['action', []],
      ]),
    )
    expect(stored.totalDocs).toBe(2)
  })
})

describe('links inside rich text', () => {
  /** A paragraph whose text is a link (Lexical's link or autolink node) to `url`. */
  const withLink = (url: string, type: 'autolink' | 'link' = 'link') => {
    const value = lexicalParagraph('read this')
    const [paragraph] = value.root.children as { children: unknown[] }[]
    paragraph!.children = [{ children: paragraph!.children, direction: 'ltr', fields: { linkType: 'custom', newTab: false, url }, format: '', indent: 0, type, version: 3 }]
    return value
  }

  it('go to web pages, email, phone or the site only: scripts and other schemes are 400 naming the field, in articles, sections and note actions', async () => {
    const article = await publishedArticle('Links in the body')
    const section = (await payload.find({ collection: 'sections', depth: 0, where: { and: [{ article: { equals: article.id } }, { kind: { equals: 'todo' } }] } })).docs[0]!
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'file:///etc/passwd']) {
      for (const type of ['link', 'autolink'] as const) {
        const body = withLink(url, type)
        const onArticle = await admin.rest('PATCH', `/articles/${article.id}`, { body })
        expect(onArticle.status, `${type} ${JSON.stringify(url)} in an article`).toBe(400)
        expect(invalidPaths(onArticle.body)).toEqual(['body'])
        const onSection = await admin.rest('PATCH', `/sections/${section.id}`, { body })
        expect(onSection.status, `${type} ${JSON.stringify(url)} in a section`).toBe(400)
        const inNote = await admin.rest('PATCH', `/sections/${section.id}`, { actions: [{ blockType: 'note', body }] })
        expect(inNote.status, `${type} ${JSON.stringify(url)} in a note action`).toBe(400)
      }
    }
    const stored = await payload.findByID({ collection: 'sections', depth: 0, id: section.id })
    expect(JSON.stringify(stored)).not.toMatch(/script:|data:|file:/i)
    for (const url of ['https://example.org/a?b=c#d', 'http://example.org', 'mailto:desk@example.org', 'tel:+15555550100', '/about', '#top']) {
      expect((await admin.rest('PATCH', `/articles/${article.id}`, { body: withLink(url) })).status, url).toBe(200)
    }
  })
})

describe('what reads leave out', () => {
  // (That the slug still follows the title where it should, the admin's autosave, is tests/e2e/article-autosave.)
  it("the slug field's internal switch, generateSlug, is in no read answer", async () => {
    const { article } = await publishArticle(payload, { title: 'Switches stay inside' })
    const draft = await draftArticle('A working headline')
    const answers = [
      (await admin.rest('GET', `/articles/${article.id}`)).body,
      (await admin.rest('GET', `/articles/${draft.id}?draft=true`)).body,
      (await admin.rest('GET', '/articles?depth=0&limit=100&draft=true')).body,
      (await api(server.url).rest('GET', `/articles/${article.id}`)).body,
      (await api(server.url).rest('GET', `/articles/page/${article.slug}`)).body,
      (await admin.rest('GET', `/articles/${draft.id}/versions?depth=0`)).body,
      (await admin.rest('GET', `/petitions?depth=0`)).body,
      (await admin.rest('GET', `/categories?depth=0`)).body,
      (await admin.rest('PATCH', `/articles/${draft.id}?draft=true`, { title: 'A better headline' })).body,
      (await admin.gql(`{ Article(id: ${JSON.stringify(article.id)}) { title slug } Articles(limit: 5) { docs { title } } }`)).body,
    ]
    expect(draft.generateSlug).toBeUndefined()
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain('generateSlug')
  })

  it('GraphQL logs a client error (an anonymous read of a draft: not found) at INFO without a stack, as REST does', async () => {
    const draft = await draftArticle('Not for visitors yet')
    const from = server.output().length
    const rest = await api(server.url).rest('GET', `/articles/${draft.id}`)
    expect(rest.status).toBe(404)
    const gql = await api(server.url).gql(`{ Article(id: ${JSON.stringify(draft.id)}) { title } }`)
    expect(gql.body.errors[0].extensions.statusCode).toBe(404)
    const logged = await until(() => {
      const lines = server.output().slice(from)
      return (lines.match(/Not Found/g) ?? []).length >= 2 ? lines : undefined
    })
    expect(logged).not.toMatch(/ERROR/)
    expect(logged).not.toMatch(/\n\s+at /)
    expect(logged.match(/INFO.*Not Found/g)).toHaveLength(2)
  })
})

describe('drafts', () => {
  it('an article never published is its latest draft, autosaves included; a published one keeps its live version', async () => {
    // As the admin's create page makes it: empty, then autosaved as the editor types.
    const created = await payload.create({ collection: 'articles', data: {}, draft: true })
    await payload.update({ autosave: true, collection: 'articles', data: { summary: 'First lines', title: 'Typed in the admin' }, draft: true, id: created.id })
    const read = (await admin.rest('GET', `/articles/${created.id}?depth=0`)).body
    expect([read.title, read.summary, read.slug, read._status]).toEqual(['Typed in the admin', 'First lines', 'typed-in-the-admin', 'draft'])

    const live = await publishedArticle('The live headline')
    await payload.update({ autosave: true, collection: 'articles', data: { title: 'A draft headline' }, draft: true, id: live.id })
    expect((await api(server.url).rest('GET', `/articles/${live.id}`)).body.title).toBe('The live headline')
    expect((await admin.rest('GET', `/articles/${live.id}?draft=true`)).body.title).toBe('A draft headline')

    // A draft whose slug another article holds is saved; the document keeps its own slug.
    const other = await payload.create({ collection: 'articles', data: {}, draft: true })
    const saved = await admin.rest('PATCH', `/articles/${other.id}?draft=true&autosave=true`, { slug: 'the-live-headline', title: 'Same words' })
    expect(saved.status).toBe(200)
    const kept = (await admin.rest('GET', `/articles/${other.id}?depth=0`)).body
    // An unset slug is null on SQL and absent on MongoDB.
    expect([kept.title, kept.slug ?? null]).toEqual(['Same words', other.slug ?? null])
  })
})

describe('joins', () => {
  it('list an article’s related links in page order, the same over REST and GraphQL', async () => {
    const article = await publishedArticle('Many links')
    // Added without a position, each goes to the end of the list.
    for (let n = 1; n <= 25; n++) {
      await payload.create({ collection: 'related-links', data: { external: { title: `Headline ${n}` }, from: article.id } })
    }
    const rest = (await api(server.url).rest('GET', `/articles/${article.id}`)).body
    const gql = await api(server.url).gql(`{ Article(id: ${JSON.stringify(article.id)}) { relatedLinks { docs { id position } } } }`)
    const restIds = rest.relatedLinks.docs.map((link: any) => link.id)
    const gqlIds = gql.body.data.Article.relatedLinks.docs.map((link: any) => link.id)
    expect(gqlIds).toEqual(restIds)
    // Publishing may have added automatic links ahead of these; the editors' 25 keep their order.
    const headlines = rest.relatedLinks.docs.map((link: any) => link.external.title).filter((title: unknown) => String(title).startsWith('Headline'))
    expect(headlines).toEqual(Array.from({ length: 25 }, (_, i) => `Headline ${i + 1}`))
    expect(rest.relatedLinks.docs.map((link: any) => link.position)).toEqual(restIds.map((_: unknown, i: number) => i + 1))
  })

  it('list a petition’s articles', async () => {
    const petition = (await admin.rest('POST', '/petitions', { _status: 'published', title: 'Joined petition' })).body.doc
    const article = await publishedArticle('Asks to sign', { petition: petition.id })
    const read = (await api(server.url).rest('GET', `/petitions/${petition.id}`)).body
    expect(read.articles.docs.map((doc: any) => doc.id)).toEqual([article.id])
  })
})

describe('deleting an article', () => {
  it('deletes its sections, its own links and links to it', async () => {
    const doomed = await publishedArticle('Doomed')
    const other = await publishedArticle('Survivor')
    await admin.rest('POST', '/sections', { article: doomed.id, kind: 'todo' })
    await admin.rest('POST', '/related-links', { from: doomed.id, position: 1, to: other.id })
    await admin.rest('POST', '/related-links', { from: other.id, position: 1, to: doomed.id })
    expect((await admin.rest('DELETE', `/articles/${doomed.id}`)).status).toBe(200)
    expect((await payload.count({ collection: 'sections', where: { article: { equals: doomed.id } } })).totalDocs).toBe(0)
    const links = await payload.count({
      collection: 'related-links',
      where: { or: [{ from: { equals: doomed.id } }, { to: { equals: doomed.id } }] },
    })
    expect(links.totalDocs).toBe(0)
  })
})

describe('petition counts', () => {
  it('count signatures without creating petition versions or touching drafts', async () => {
    const petition = (await admin.rest('POST', '/petitions', { _status: 'published', goal: 10, title: 'Counted' })).body.doc
    await admin.rest('PATCH', `/petitions/${petition.id}?draft=true`, { summary: 'An editor’s unsaved thought' })
    const versionsBefore = (await payload.countVersions({ collection: 'petitions', where: { parent: { equals: petition.id } } })).totalDocs
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      await payload.create({ collection: 'signatures', data: { email, petition: petition.id } })
    }
    expect((await api(server.url).rest('GET', `/petitions/${petition.id}`)).body.signatureCount).toBe(3)
    expect((await payload.countVersions({ collection: 'petitions', where: { parent: { equals: petition.id } } })).totalDocs).toBe(versionsBefore)
    const draft = await payload.findByID({ collection: 'petitions', draft: true, id: petition.id })
    expect(draft.summary).toBe('An editor’s unsaved thought')
  })
})

describe('media uploads', () => {
  const upload = (file: Buffer, type: string, name: string, alt = 'Alt text') => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(file)], { type }), name)
    form.append('_payload', JSON.stringify({ alt }))
    return fetch(`${server.url}/api/media`, { body: form, headers: { authorization: `JWT ${admin.token}` }, method: 'POST' })
  }

  it('resizes images into thumbnail, card and og', async () => {
    const image = await sharp({ create: { background: '#336699', channels: 3, height: 1500, width: 2000 } }).jpeg().toBuffer()
    const response = await upload(image, 'image/jpeg', 'photo.jpg')
    expect(response.status).toBe(201)
    const { doc } = await response.json()
    expect(doc.sizes.thumbnail.width).toBe(400)
    expect(doc.sizes.card.width).toBe(800)
    expect([doc.sizes.og.width, doc.sizes.og.height]).toEqual([1200, 630])
  })

  it('refuses a file that is not an image', async () => {
    const response = await upload(Buffer.from('just some text'), 'text/plain', 'notes.txt')
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(invalidPaths(body)).toEqual(['file'])
    expect(JSON.stringify(body)).toContain('File type text/plain (from extension txt) is not allowed.')
  })

  it('refuses an image over the pixel limit, naming the file', async () => {
    const bomb = await sharp({ create: { background: '#000000', channels: 3, height: 6500, width: 6500 } }).png().toBuffer()
    const response = await upload(bomb, 'image/png', 'huge.png')
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(invalidPaths(body)).toEqual(['file'])
    expect(JSON.stringify(body)).toContain('at most 40,000,000 pixels')
  })

  it('requires alt text', async () => {
    const image = await sharp({ create: { background: '#ffffff', channels: 3, height: 10, width: 10 } }).png().toBuffer()
    const response = await upload(image, 'image/png', 'tiny.png', '')
    expect(response.status).toBe(400)
    expect(invalidPaths(await response.json())).toEqual(['alt'])
  })
})
