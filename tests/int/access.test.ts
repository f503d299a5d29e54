// The access table of the content model, proved over REST and GraphQL against the real server:
// what visitors, authors, editors and admins can read and change.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { gqlStatuses } from '../helpers/api'
import { publishArticle } from '../helpers/articles'
import { type RoleClients, seedRoleClients } from '../helpers/seedUsers'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'

let server: TestServer
let local: TestPayload
let payload: Payload
let as: RoleClients
const ids: Record<string, any> = {}
const publicSectionIds: any[] = []
const SIGNER_EMAIL = 'private-signer@example.com'

beforeAll(async () => {
  server = await startTestServer()
  local = await startTestPayload({ database: server.database })
  payload = local.payload
  as = await seedRoleClients(payload, server.url)

  const draft = (title: string, authors: any[]) => payload.create({ collection: 'articles', data: { authors, title }, draft: true })
  const published = await publishArticle(payload, { authors: [as.ids.author], title: 'Published by author' })
  const otherPublished = await publishArticle(payload, { authors: [as.ids.otherAuthor], title: 'Published by other author' })
  ids.published = published.article.id
  ids.otherPublished = otherPublished.article.id
  ids.publishedSection = published.sections[0]!.id
  publicSectionIds.push(...[...published.sections, ...otherPublished.sections].map((section) => section.id))
  ids.draft = (await draft('Secret draft of author', [as.ids.author])).id
  ids.otherDraft = (await draft('Secret draft of other author', [as.ids.otherAuthor])).id

  ids.draftSection = (await payload.create({ collection: 'sections', data: { article: ids.draft, kind: 'opinion', heading: 'Draft opinion' } })).id

  const link = (data: Record<string, unknown>) => payload.create({ collection: 'related-links', data: { from: ids.published, ...data } as any })
  ids.linkToPublished = (await link({ position: 1, to: ids.otherPublished })).id
  ids.linkToDraft = (await link({ position: 2, to: ids.draft })).id
  ids.linkExternal = (await link({ external: { outlet: 'example.org', title: 'Elsewhere' }, position: 3 })).id
  ids.linkExcluded = (await link({ excluded: true, external: { title: 'Excluded headline' }, position: 4 })).id

  ids.petition = (await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 100, title: 'Open petition' } })).id
  ids.draftPetition = (await payload.create({ collection: 'petitions', data: { _status: 'draft', title: 'Draft petition' }, draft: true })).id
  await payload.update({ collection: 'articles', data: { petition: ids.petition }, id: ids.published })
  await payload.create({ collection: 'signatures', data: { email: SIGNER_EMAIL, name: 'Private Person', petition: ids.petition } })
})

afterAll(async () => {
  await local?.close()
  await server?.stop()
})

const docIds = (body: any) => (body.docs ?? []).map((doc: any) => doc.id)

describe('visitors (anonymous)', () => {
  it('see published articles only: by id, by slug, in lists, with draft=true', async () => {
    const list = await as.anonymous.rest('GET', '/articles?limit=100')
    expect(list.status).toBe(200)
    expect(docIds(list.body).sort()).toEqual([ids.published, ids.otherPublished].sort())
    expect((await as.anonymous.rest('GET', `/articles/${ids.draft}`)).status).toBe(404)
    const bySlug = await as.anonymous.rest('GET', '/articles?where[slug][equals]=secret-draft-of-author')
    expect(bySlug.body.docs).toEqual([])
    const drafts = await as.anonymous.rest('GET', '/articles?draft=true&limit=100')
    expect(JSON.stringify(drafts.body)).not.toContain('Secret draft')
  })

  it('see no draft over GraphQL either', async () => {
    const list = await as.anonymous.gql('{ Articles(limit: 50, draft: true) { docs { id title } } }')
    expect(list.status).toBe(200)
    expect(list.body.data.Articles.docs.map((doc: any) => doc.id).sort()).toEqual([ids.published, ids.otherPublished].sort())
    const one = await as.anonymous.gql(`{ Article(id: ${JSON.stringify(ids.draft)}) { title } }`)
    expect(one.status).toBe(200)
    expect(one.body.data?.Article ?? null).toBeNull()
    expect(JSON.stringify(one.body)).not.toContain('Secret draft')
  })

  it("see a published article's sections and links, but not links to drafts or excluded ones", async () => {
    const { body } = await as.anonymous.rest('GET', `/articles/${ids.published}?depth=1`)
    expect(body.sections.docs).toHaveLength(3)
    expect(body.sections.docs.map((doc: any) => doc.id)).toContain(ids.publishedSection)
    // Editors' links only: publishing may have added automatic ones, which the related tests cover.
    const editorsLinks = [ids.linkToPublished, ids.linkToDraft, ids.linkExternal, ids.linkExcluded]
    const manual = (docs: any[]) => docs.map((doc) => doc.id).filter((id) => editorsLinks.includes(id))
    expect(manual(body.relatedLinks.docs)).toEqual([ids.linkToPublished, ids.linkExternal])
    const sections = await as.anonymous.rest('GET', '/sections?limit=100')
    expect(docIds(sections.body).sort()).toEqual([...publicSectionIds].sort())
    const links = await as.anonymous.rest('GET', '/related-links?limit=100&sort=position')
    expect(manual(links.body.docs)).toEqual([ids.linkToPublished, ids.linkExternal])
    expect((await as.anonymous.rest('GET', `/sections/${ids.draftSection}`)).status).toBe(404)
  })

  it('read no signer data through any door: REST, where, depth, joins, GraphQL', async () => {
    expect((await as.anonymous.rest('GET', '/signatures')).status).toBe(403)
    expect((await as.anonymous.rest('GET', `/signatures?where[email][equals]=${SIGNER_EMAIL}`)).status).toBe(403)
    const doors = [
      await as.anonymous.rest('GET', `/petitions/${ids.petition}?depth=3`),
      await as.anonymous.rest('GET', `/articles/${ids.published}?depth=3`),
      await as.anonymous.rest('GET', '/petitions?depth=3&where[signatures.email][equals]=' + SIGNER_EMAIL),
      await as.anonymous.gql('{ Signatures { docs { email } } }'),
      await as.anonymous.gql('{ Petitions { docs { title signatureCount articles { docs { title } } } } }'),
    ]
    for (const door of doors) expect(JSON.stringify(door.body)).not.toContain(SIGNER_EMAIL)
    const signatures = await as.anonymous.gql('{ Signatures { docs { email } } }')
    expect(signatures.status).toBe(200)
    expect(gqlStatuses(signatures.body)).toEqual([403])
    expect(signatures.body.data?.Signatures ?? null).toBeNull()
  })

  it('see published petitions with their count, never drafts', async () => {
    const list = await as.anonymous.rest('GET', '/petitions')
    expect(docIds(list.body)).toEqual([ids.petition])
    expect(list.body.docs[0].signatureCount).toBe(1)
    expect((await as.anonymous.rest('GET', `/petitions/${ids.draftPetition}`)).status).toBe(404)
  })

  it('read categories, media and site settings; nothing of users or versions', async () => {
    expect((await as.anonymous.rest('GET', '/categories')).status).toBe(200)
    expect((await as.anonymous.rest('GET', '/media')).status).toBe(200)
    expect((await as.anonymous.rest('GET', '/globals/site-settings')).status).toBe(200)
    expect((await as.anonymous.rest('GET', '/users')).status).toBe(403)
    expect((await as.anonymous.rest('GET', '/articles/versions')).status).toBe(403)
    expect((await as.anonymous.rest('GET', '/petitions/versions')).status).toBe(403)
    const versions = await as.anonymous.gql('{ versionsArticles { docs { id } } }')
    expect(gqlStatuses(versions.body)).toEqual([403])
  })

  it('change nothing', async () => {
    expect((await as.anonymous.rest('POST', '/articles', { title: 'Nope' })).status).toBe(403)
    expect((await as.anonymous.rest('PATCH', `/articles/${ids.published}`, { title: 'Nope' })).status).toBe(403)
    expect((await as.anonymous.rest('POST', '/categories', { name: 'Nope' })).status).toBe(403)
    expect((await as.anonymous.rest('POST', '/signatures', { email: 'a@example.com', petition: ids.petition })).status).toBe(403)
    const mutation = await as.anonymous.gql('mutation { createCategory(data: { name: "Nope" }) { id } }')
    expect(gqlStatuses(mutation.body)).toEqual([403])
  })
})

describe('authors', () => {
  it('create articles (as their author) and edit their own drafts', async () => {
    const created = await as.author.rest('POST', '/articles?draft=true', { title: 'Author new draft' })
    expect(created.status).toBe(201)
    expect(created.body.doc.authors.map((a: any) => a.id ?? a)).toEqual([as.ids.author])
    const edited = await as.author.rest('PATCH', `/articles/${ids.draft}?draft=true`, { summary: 'Edited by author' })
    expect(edited.status).toBe(200)
  })

  it("cannot edit another author's draft", async () => {
    const response = await as.author.rest('PATCH', `/articles/${ids.otherDraft}?draft=true`, { title: 'Hijacked' })
    expect([403, 404]).toContain(response.status)
    expect((await payload.findByID({ collection: 'articles', draft: true, id: ids.otherDraft })).title).toBe('Secret draft of other author')
  })

  it('cannot publish (403, nothing changed) over REST or GraphQL', async () => {
    const rest = await as.author.rest('PATCH', `/articles/${ids.draft}`, { _status: 'published' })
    expect(rest.status).toBe(403)
    const gql = await as.author.gql(`mutation { updateArticle(id: ${JSON.stringify(ids.draft)}, data: { _status: published }) { id } }`)
    expect(gqlStatuses(gql.body)).toEqual([403])
    const createPublished = await as.author.rest('POST', '/articles', { _status: 'published', title: 'Straight to live' })
    expect(createPublished.status).toBe(403)
    expect((await payload.findByID({ collection: "articles", id: ids.draft }))._status).toBe('draft')
    const live = await payload.count({ collection: 'articles', where: { title: { equals: 'Straight to live' } } })
    expect(live.totalDocs).toBe(0)
  })

  it('cannot unpublish, overwrite live content or delete; may save a draft beside it', async () => {
    expect((await as.author.rest('PATCH', `/articles/${ids.published}`, { _status: 'draft' })).status).toBe(403)
    expect((await as.author.rest('PATCH', `/articles/${ids.published}`, { title: 'Live rewrite' })).status).toBe(403)
    expect((await as.author.rest('DELETE', `/articles/${ids.draft}`)).status).toBe(403)
    expect((await as.author.rest('PATCH', `/articles/${ids.published}?draft=true`, { summary: 'A draft beside live' })).status).toBe(200)
    const live = await payload.findByID({ collection: 'articles', id: ids.published })
    expect(live._status).toBe('published')
    expect(live.title).toBe('Published by author')
  })

  it("read only their own articles' versions", async () => {
    const { body, status } = await as.author.rest('GET', '/articles/versions?limit=100')
    expect(status).toBe(200)
    const parents = new Set(body.docs.map((doc: any) => String(doc.parent?.id ?? doc.parent)))
    expect(parents.has(String(ids.otherDraft))).toBe(false)
    expect(parents.has(String(ids.draft))).toBe(true)
  })

  it('change sections of their own unpublished articles only', async () => {
    expect((await as.author.rest('POST', '/sections', { article: ids.draft, kind: 'action' })).status).toBe(201)
    expect((await as.author.rest('POST', '/sections', { article: ids.published, kind: 'action' })).status).toBe(403)
    expect((await as.author.rest('POST', '/sections', { article: ids.otherDraft, kind: 'action' })).status).toBe(403)
    expect((await as.author.rest('PATCH', `/sections/${ids.publishedSection}`, { heading: 'Live edit' })).status).toBe(403)
    expect((await as.author.rest('PATCH', `/sections/${ids.draftSection}`, { heading: 'Draft edit' })).status).toBe(200)
  })

  it('read petitions but no signatures; edit categories and media but delete neither', async () => {
    expect(docIds((await as.author.rest('GET', '/petitions')).body).sort()).toEqual([ids.petition, ids.draftPetition].sort())
    expect((await as.author.rest('GET', '/signatures')).status).toBe(403)
    const category = await as.author.rest('POST', '/categories', { name: 'Author category' })
    expect(category.status).toBe(201)
    expect((await as.author.rest('PATCH', `/categories/${category.body.doc.id}`, { description: 'x' })).status).toBe(200)
    expect((await as.author.rest('DELETE', `/categories/${category.body.doc.id}`)).status).toBe(403)
  })

  it('see only their own profile and cannot change their roles', async () => {
    const users = await as.author.rest('GET', '/users')
    expect(docIds(users.body)).toEqual([as.ids.author])
    expect((await as.author.rest('PATCH', `/users/${as.ids.author}`, { roles: ['admin'] })).status).toBe(403)
    expect((await payload.findByID({ collection: 'users', id: as.ids.author })).roles).toEqual(['author'])
  })
})

describe('editors', () => {
  it('publish, unpublish and delete articles', async () => {
    const created = await as.editor.rest('POST', '/articles?draft=true', { title: 'Editor piece' })
    expect(created.status).toBe(201)
    const id = created.body.doc.id
    for (const kind of ['opinion', 'action', 'todo']) {
      const body = { root: { children: [{ children: [{ text: `${kind} text`, type: 'text', version: 1 }], type: 'paragraph', version: 1 }], type: 'root', version: 1 } }
      expect((await as.editor.rest('POST', '/sections', { article: id, body, kind })).status).toBe(201)
    }
    const published = await as.editor.rest('PATCH', `/articles/${id}`, { _status: 'published' })
    expect(published.status).toBe(200)
    expect(published.body.doc.publishedAt).toBeTruthy()
    expect((await as.editor.rest('PATCH', `/articles/${id}`, { _status: 'draft' })).status).toBe(200)
    expect((await as.editor.rest('DELETE', `/articles/${id}`)).status).toBe(200)
  })

  it('read signatures but not create them; read users but not create them', async () => {
    const signatures = await as.editor.rest('GET', '/signatures')
    expect(signatures.status).toBe(200)
    expect(signatures.body.docs[0].email).toBe(SIGNER_EMAIL)
    expect((await as.editor.rest('POST', '/signatures', { email: 'e@example.com', petition: ids.petition })).status).toBe(403)
    expect((await as.editor.rest('GET', '/users')).body.totalDocs).toBe(4)
    expect((await as.editor.rest('POST', '/users', { email: 'new@example.com', password: 'whatever-long' })).status).toBe(403)
  })

  it('cannot change site settings', async () => {
    expect((await as.editor.rest('POST', '/globals/site-settings', { name: 'Hijacked' })).status).toBe(403)
  })
})

describe('admins', () => {
  it('manage signatures, users and site settings', async () => {
    const signature = await as.admin.rest('POST', '/signatures', { email: ' New.Signer@Example.com ', petition: ids.petition })
    expect(signature.status).toBe(201)
    expect(signature.body.doc.email).toBe('new.signer@example.com')
    expect((await as.admin.rest('POST', '/users', { email: 'new-editor@example.com', password: 'long enough pw', roles: ['editor'] })).status).toBe(201)
    expect((await as.admin.rest('POST', '/globals/site-settings', { name: 'Truth Daily', tagline: 'Know what you should know' })).status).toBe(200)
    expect((await as.anonymous.rest('GET', '/globals/site-settings')).body.name).toBe('Truth Daily')
  })
})

describe('the access matrix: who may create, list and delete, over REST and GraphQL', () => {
  type Role = 'admin' | 'anonymous' | 'author' | 'editor'
  type Row = { collection: string; create: Record<Role, boolean>; gqlCreate: string; data: () => Promise<Record<string, unknown>> }
  const all = { admin: true, anonymous: false, author: true, editor: true }
  const staffAboveAuthor = { admin: true, anonymous: false, author: false, editor: true }
  const adminOnly = { admin: true, anonymous: false, author: false, editor: false }
  let n = 0
  const unique = () => `${Date.now().toString(36)}-${++n}`
  const freshPublishedArticle = async () => (await publishArticle(payload, { title: `Matrix ${unique()}` })).article.id
  const rows: Row[] = [
    { collection: 'articles', create: all, data: async () => ({ title: `Matrix article ${unique()}` }), gqlCreate: 'createArticle' },
    { collection: 'categories', create: all, data: async () => ({ name: `Matrix category ${unique()}` }), gqlCreate: 'createCategory' },
    { collection: 'petitions', create: staffAboveAuthor, data: async () => ({ title: `Matrix petition ${unique()}` }), gqlCreate: 'createPetition' },
    {
      collection: 'sections',
      create: staffAboveAuthor,
      // Published articles already have their required kinds; a site may register more.
      data: async () => ({ article: (await payload.create({ collection: 'articles', data: { title: `Matrix ${unique()}` }, draft: true })).id, kind: 'opinion' }),
      gqlCreate: 'createSection',
    },
    {
      collection: 'related-links',
      create: staffAboveAuthor,
      data: async () => ({ external: { title: `Matrix headline ${unique()}` }, from: await freshPublishedArticle() }),
      gqlCreate: 'createRelatedLink',
    },
    {
      collection: 'signatures',
      create: adminOnly,
      data: async () => ({ email: `matrix-${unique()}@example.com`, petition: ids.petition }),
      gqlCreate: 'createSignature',
    },
    {
      collection: 'users',
      create: adminOnly,
      data: async () => ({ email: `matrix-${unique()}@example.com`, password: 'matrix password long' }),
      gqlCreate: 'createUser',
    },
  ]
  const roles: Role[] = ['anonymous', 'author', 'editor', 'admin']
  const toGraphQLInput = (value: unknown): string => {
    if (value && typeof value === 'object') {
      return `{ ${Object.entries(value).map(([key, inner]) => `${key}: ${toGraphQLInput(inner)}`).join(', ')} }`
    }
    return isEnumValue(value) ? String(value) : JSON.stringify(value)
  }
  const isEnumValue = (value: unknown) => value === 'opinion'

  for (const row of rows) {
    for (const role of roles) {
      const allowed = row.create[role]
      it(`${role} ${allowed ? 'may' : 'may not'} create ${row.collection} (REST and GraphQL)`, async () => {
        const client = as[role]
        // Automatic related links come and go as articles are published: count what was created.
        const counted = () =>
          payload.count({ collection: row.collection as any, where: row.collection === 'related-links' ? { origin: { equals: 'manual' } } : {} })
        const before = (await counted()).totalDocs
        const rest = await client.rest('POST', `/${row.collection}`, await row.data())
        expect(rest.status, JSON.stringify(rest.body)).toBe(allowed ? 201 : 403)
        const gql = await client.gql(`mutation { ${row.gqlCreate}(data: ${toGraphQLInput(await row.data())}) { id } }`)
        expect(gql.status).toBe(200)
        if (allowed) expect(gql.body.data[row.gqlCreate].id, JSON.stringify(gql.body)).toBeTruthy()
        else expect(gqlStatuses(gql.body)).toEqual([403])
        expect((await counted()).totalDocs).toBe(before + (allowed ? 2 : 0))
      })
    }
  }

  const listing: Record<string, Record<Role, number>> = {
    signatures: { admin: 200, anonymous: 403, author: 403, editor: 200 },
    users: { admin: 200, anonymous: 403, author: 200, editor: 200 },
    'payload-jobs': { admin: 200, anonymous: 403, author: 403, editor: 403 },
  }
  for (const [collection, statuses] of Object.entries(listing)) {
    for (const role of roles) {
      it(`${role} listing ${collection} gets ${statuses[role]}`, async () => {
        expect((await as[role].rest('GET', `/${collection}`)).status).toBe(statuses[role])
      })
    }
  }

  for (const role of roles) {
    const allowed = role === 'editor' || role === 'admin'
    it(`${role} ${allowed ? 'may' : 'may not'} delete categories and petitions`, async () => {
      const category = await payload.create({ collection: 'categories', data: { name: `Doomed ${unique()}` } })
      const petition = await payload.create({ collection: 'petitions', data: { title: `Doomed ${unique()}` } })
      expect((await as[role].rest('DELETE', `/categories/${category.id}`)).status).toBe(allowed ? 200 : 403)
      expect((await as[role].rest('DELETE', `/petitions/${petition.id}`)).status).toBe(allowed ? 200 : 403)
    })
  }
})

describe('the Local API with overrideAccess: false', () => {
  it('applies the same rules as REST and GraphQL', async () => {
    const author = await payload.findByID({ collection: 'users', id: as.ids.author })
    const asAuthor = { overrideAccess: false, user: { ...author, collection: 'users' as const } }
    await expect(
      payload.update({ collection: 'articles', data: { _status: 'published' }, id: ids.draft, ...asAuthor }),
    ).rejects.toMatchObject({ status: 403 })
    expect((await payload.findByID({ collection: 'articles', id: ids.draft }))._status).toBe('draft')
    const visible = await payload.find({ collection: 'articles', limit: 100, overrideAccess: false })
    expect(visible.docs.map((doc) => doc.id)).not.toContain(ids.draft)
    await expect(payload.find({ collection: 'signatures', overrideAccess: false })).rejects.toMatchObject({ status: 403 })
  })
})
