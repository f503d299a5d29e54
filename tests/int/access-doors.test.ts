// Issue #13's access doors, proved against the real server: every way in to a write (REST,
// GraphQL, the Local API with access checked, version restore, bulk `where` updates, duplicate,
// delete, scheduled publishing, the jobs runner, unlock) for every role, and after each refusal
// a read-back through the Local API showing that nothing changed.
import type { Payload } from 'payload'

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Article } from '../../src/payload-types'

import { articlesPlugin } from '../../collections/articles/index'
import { usersPlugin } from '../../collections/users/index'
import { type ApiResponse, invalidPaths } from '../helpers/api'
import { publishArticle } from '../helpers/articles'
import { type RoleClients, seedRoleClients } from '../helpers/seedUsers'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { until } from '../helpers/wait'

type Role = 'admin' | 'anonymous' | 'author' | 'editor'
const ROLES: Role[] = ['anonymous', 'author', 'editor', 'admin']
const mayChangeLive = (role: Role) => role === 'editor' || role === 'admin'

let server: TestServer
let local: TestPayload
let payload: Payload
let as: RoleClients

beforeAll(async () => {
  server = await startTestServer()
  local = await startTestPayload({ database: server.database })
  payload = local.payload
  as = await seedRoleClients(payload, server.url)
})

afterAll(async () => {
  await local?.close()
  await server?.stop()
})

let n = 0
const unique = (label: string) => `${label} ${Date.now().toString(36)}-${++n}`

/** The Local API acting as `role`, with access checked. */
async function asUser(role: Role) {
  if (role === 'anonymous') return { overrideAccess: false }
  const user = await payload.findByID({ collection: 'users', id: as.ids[role] })
  return { overrideAccess: false, user: { ...user, collection: 'users' as const } }
}

/** One status for every door: HTTP for REST, the error's status for GraphQL and the Local API. */
const restStatus = (response: ApiResponse) => response.status
const gqlStatus = (response: ApiResponse) =>
  response.body.errors ? (response.body.errors[0]?.extensions?.statusCode ?? 500) : 200
async function localStatus(operation: Promise<unknown>): Promise<number> {
  try {
    await operation
    return 200
  } catch (error) {
    return (error as { status?: number }).status ?? 500
  }
}
const ok = (status: number) => status >= 200 && status < 300

/** Everything a write to articles could have touched: the live and latest version of one, and the totals. */
async function articleState(id: number) {
  const select = { _status: true, authors: true, publishedAt: true, summary: true, title: true, updatedAt: true } as const
  const read = (draft: boolean) => payload.findByID({ collection: 'articles', depth: 0, disableErrors: true, draft, id, select })
  return {
    articles: (await payload.count({ collection: 'articles' })).totalDocs,
    latest: await read(true),
    live: await read(false),
    versions: (await payload.countVersions({ collection: 'articles' })).totalDocs,
  }
}

/** A published article of the author, with the draft it started as and its published version. */
async function publishedOfAuthor() {
  const { article } = await publishArticle(payload, { authors: [as.ids.author], title: unique('Live') })
  const { docs } = await payload.findVersions({ collection: 'articles', depth: 0, sort: '-updatedAt', where: { parent: { equals: article.id } } })
  const versionWith = (status: string) => docs.find((doc) => doc.version._status === status)!.id
  return { draftVersion: versionWith('draft'), id: article.id, publishedVersion: versionWith('published'), title: article.title }
}
type Live = Awaited<ReturnType<typeof publishedOfAuthor>>

const gqlId = (id: unknown) => JSON.stringify(id)

describe('only editors and admins change a live article, at every door (item 2)', () => {
  type Door = { name: string; run: (role: Role, live: Live) => Promise<number> }
  const rest = (method: string, url: (live: Live) => string, body?: (live: Live) => unknown) => (role: Role, live: Live) =>
    as[role].rest(method, url(live), body?.(live)).then(restStatus)
  const gql = (query: (live: Live) => string) => (role: Role, live: Live) => as[role].gql(query(live)).then(gqlStatus)
  const viaLocal = (operation: (live: Live, user: Awaited<ReturnType<typeof asUser>>) => Promise<unknown>) => async (role: Role, live: Live) =>
    localStatus(operation(live, await asUser(role)))

  const doors: Door[] = [
    { name: 'REST create published', run: rest('POST', () => '/articles', () => ({ _status: 'published', title: unique('Straight to live') })) },
    { name: 'REST update over live', run: rest('PATCH', (live) => `/articles/${live.id}`, () => ({ title: 'Live rewrite' })) },
    { name: 'REST unpublish', run: rest('PATCH', (live) => `/articles/${live.id}`, () => ({ _status: 'draft' })) },
    { name: 'REST publish with draft=true', run: rest('PATCH', (live) => `/articles/${live.id}?draft=true`, () => ({ _status: 'published', title: 'Sneaked live' })) },
    { name: 'REST bulk update (where)', run: rest('PATCH', (live) => `/articles?where[id][equals]=${live.id}`, () => ({ title: 'Bulk rewrite' })) },
    { name: 'REST restore published version (roll back live)', run: rest('POST', (live) => `/articles/versions/${live.publishedVersion}`) },
    { name: 'REST restore draft version (unpublish)', run: rest('POST', (live) => `/articles/versions/${live.draftVersion}`) },
    // REST duplicates as a draft unless told otherwise (covered below); draft=false copies the live status.
    { name: 'REST duplicate with draft=false (copy goes live)', run: rest('POST', (live) => `/articles/${live.id}/duplicate?draft=false`, () => ({})) },
    { name: 'REST delete', run: rest('DELETE', (live) => `/articles/${live.id}`) },
    { name: 'REST bulk delete (where)', run: rest('DELETE', (live) => `/articles?where[id][equals]=${live.id}`) },
    { name: 'GraphQL create published', run: gql(() => `mutation { createArticle(data: { title: ${gqlId(unique('Straight to live'))}, _status: published }) { id } }`) },
    { name: 'GraphQL update over live', run: gql((live) => `mutation { updateArticle(id: ${gqlId(live.id)}, data: { title: "Live rewrite" }) { id } }`) },
    { name: 'GraphQL publish with draft: true', run: gql((live) => `mutation { updateArticle(id: ${gqlId(live.id)}, draft: true, data: { _status: published }) { id } }`) },
    { name: 'GraphQL restore published version', run: gql((live) => `mutation { restoreVersionArticle(id: ${gqlId(live.publishedVersion)}) { id } }`) },
    { name: 'GraphQL restore draft version', run: gql((live) => `mutation { restoreVersionArticle(id: ${gqlId(live.draftVersion)}) { id } }`) },
    { name: 'GraphQL duplicate', run: gql((live) => `mutation { duplicateArticle(id: ${gqlId(live.id)}, data: { title: "Copy" }) { id } }`) },
    { name: 'GraphQL delete', run: gql((live) => `mutation { deleteArticle(id: ${gqlId(live.id)}) { id } }`) },
    {
      name: 'Local API create published',
      run: viaLocal((_live, user) => payload.create({ collection: 'articles', data: { _status: 'published', title: unique('Straight to live') }, ...user })),
    },
    { name: 'Local API update over live', run: viaLocal((live, user) => payload.update({ collection: 'articles', data: { title: 'Live rewrite' }, id: live.id, ...user })) },
    {
      name: 'Local API bulk update (where)',
      run: viaLocal((live, user) => payload.update({ collection: 'articles', data: { title: 'Bulk rewrite' }, where: { id: { equals: live.id } }, ...user })),
    },
    { name: 'Local API restore version', run: viaLocal((live, user) => payload.restoreVersion({ collection: 'articles', id: live.draftVersion, ...user })) },
    { name: 'Local API duplicate', run: viaLocal((live, user) => payload.duplicate({ collection: 'articles', id: live.id, ...user })) },
    { name: 'Local API delete', run: viaLocal((live, user) => payload.delete({ collection: 'articles', id: live.id, ...user })) },
  ]

  let shared: Live
  beforeAll(async () => {
    shared = await publishedOfAuthor()
  })

  for (const door of doors) {
    for (const role of ROLES) {
      if (mayChangeLive(role)) {
        it(`${door.name}: ${role} is let through`, async () => {
          const live = await publishedOfAuthor()
          const status = await door.run(role, live)
          // Creating or duplicating straight to live meets the publishing rules (required sections, 400); never the role rule.
          expect(status).not.toBe(403)
          expect(status).not.toBe(401)
          if (!/create|duplicate/.test(door.name)) expect(ok(status), `status ${status}`).toBe(true)
        })
      } else {
        it(`${door.name}: ${role} gets 403 and nothing changes`, async () => {
          const before = await articleState(shared.id)
          expect(await door.run(role, shared)).toBe(403)
          expect(await articleState(shared.id)).toEqual(before)
        })
      }
    }
  }

  it('authors may duplicate a live article as a draft (REST duplicates as a draft by default)', async () => {
    const live = await publishedOfAuthor()
    const copy = await as.author.rest('POST', `/articles/${live.id}/duplicate`, {})
    expect(copy.status).toBe(200)
    expect((await payload.findByID({ collection: 'articles', draft: false, id: copy.body.doc.id }))._status).toBe('draft')
  })

  it('authors may restore a version as a draft beside live, and roll back their own unpublished drafts', async () => {
    const live = await publishedOfAuthor()
    const asDraft = await as.author.rest('POST', `/articles/versions/${live.publishedVersion}?draft=true`)
    expect(asDraft.status).toBe(200)
    expect((await payload.findByID({ collection: 'articles', draft: false, id: live.id }))._status).toBe('published')

    const draft = await payload.create({ collection: 'articles', data: { authors: [as.ids.author], title: 'First wording' }, draft: true })
    await payload.update({ collection: 'articles', data: { title: 'Second wording' }, draft: true, id: draft.id })
    const { docs } = await payload.findVersions({ collection: 'articles', where: { 'version.title': { equals: 'First wording' } } })
    const restored = await as.author.rest('POST', `/articles/versions/${docs[0]!.id}`)
    expect(restored.status).toBe(200)
    const after = await payload.findByID({ collection: 'articles', draft: true, id: draft.id })
    expect([after.title, after._status]).toEqual(['First wording', 'draft'])
  })

  it("a bulk update counts only the articles the author may change: their drafts change, others' live articles stay", async () => {
    const tag = unique('Mixed')
    const own = await payload.create({ collection: 'articles', data: { authors: [as.ids.author], title: `${tag} own` }, draft: true })
    const { article: othersLive } = await publishArticle(payload, { authors: [as.ids.otherAuthor], title: `${tag} other` })
    const response = await as.author.rest('PATCH', `/articles?where[title][like]=${encodeURIComponent(tag)}`, { summary: 'Bulk saved' })
    expect(response.status).toBe(200)
    expect((await payload.findByID({ collection: 'articles', id: own.id })).summary).toBe('Bulk saved')
    expect((await payload.findByID({ collection: 'articles', id: othersLive.id })).summary ?? null).toBeNull()
  })
})

describe("an article's parts follow it: bulk doors on sections and related links (item 2)", () => {
  it("an author's bulk update or delete by where leaves a live article's parts unchanged", async () => {
    const { article, sections } = await publishArticle(payload, { authors: [as.ids.author], title: unique('Live with parts') })
    const link = await payload.create({ collection: 'related-links', data: { external: { title: 'Elsewhere' }, from: article.id, position: 1 } })
    const state = async () => ({
      links: await payload.find({ collection: 'related-links', depth: 0, where: { from: { equals: article.id } } }),
      sections: await payload.find({ collection: 'sections', depth: 0, where: { article: { equals: article.id } } }),
    })
    const before = await state()
    const doors = [
      await as.author.rest('PATCH', `/sections?where[id][equals]=${sections[0]!.id}`, { heading: 'Bulk live edit' }),
      await as.author.rest('DELETE', `/sections?where[article][equals]=${article.id}`),
      await as.author.rest('PATCH', `/related-links?where[id][equals]=${link.id}`, { excluded: true }),
      await as.author.rest('DELETE', `/related-links?where[from][equals]=${article.id}`),
    ]
    // Payload narrows a bulk write to what access allows: nothing of a live article is matched.
    for (const door of doors) expect(door.status === 403 || (door.status === 200 && door.body.docs.length === 0), JSON.stringify(door.body)).toBe(true)
    expect(await state()).toEqual(before)
  })
})

describe('authors save their unpublished work without draft=true (item 6)', () => {
  const ownDraft = () => payload.create({ collection: 'articles', data: { authors: [as.ids.author], title: unique('Unpublished') }, draft: true })
  const summary = async (id: number) => (await payload.findByID({ collection: 'articles', id })).summary

  it('over REST, by id and by where', async () => {
    const draft = await ownDraft()
    const byId = await as.author.rest('PATCH', `/articles/${draft.id}`, { summary: 'Saved by id' })
    expect(byId.status, JSON.stringify(byId.body)).toBe(200)
    expect(await summary(draft.id)).toBe('Saved by id')
    const byWhere = await as.author.rest('PATCH', `/articles?where[id][equals]=${draft.id}`, { summary: 'Saved by where' })
    expect(byWhere.status).toBe(200)
    expect(await summary(draft.id)).toBe('Saved by where')
    const created = await as.author.rest('POST', '/articles', { title: unique('Created without draft') })
    expect(created.status).toBe(201)
    expect(created.body.doc._status).toBe('draft')
  })

  it('over GraphQL and the Local API', async () => {
    const draft = await ownDraft()
    const gql = await as.author.gql(`mutation { updateArticle(id: ${gqlId(draft.id)}, data: { summary: "Saved over GraphQL" }) { summary } }`)
    expect(gql.body.errors).toBeUndefined()
    expect(await summary(draft.id)).toBe('Saved over GraphQL')
    await payload.update({ collection: 'articles', data: { summary: 'Saved locally' }, id: draft.id, ...(await asUser('author')) })
    expect(await summary(draft.id)).toBe('Saved locally')
    expect((await payload.findByID({ collection: 'articles', id: draft.id }))._status).toBe('draft')
  })
})

describe('authors credit only themselves (item 7)', () => {
  const authorsOf = async (id: number) =>
    ((await payload.findByID({ collection: 'articles', depth: 0, draft: true, id })).authors ?? []).map((a) => (typeof a === 'object' ? a.id : a))

  it('on create: REST, GraphQL and the Local API answer 403 naming authors, nothing stored', async () => {
    const title = unique('Credited to the editor')
    const response = await as.author.rest('POST', '/articles?draft=true', { authors: [as.ids.editor], title })
    expect(response.status).toBe(403)
    expect(invalidPaths(response.body)).toEqual(['authors'])
    const gql = await as.author.gql(`mutation { createArticle(draft: true, data: { title: ${gqlId(title)}, authors: [${gqlId(as.ids.editor)}] }) { id } }`)
    expect(gqlStatus(gql)).toBe(403)
    expect(JSON.stringify(gql.body.errors)).toContain('authors')
    const viaLocal = payload.create({ collection: 'articles', data: { authors: [as.ids.author, as.ids.otherAuthor], title }, draft: true, ...(await asUser('author')) })
    await expect(viaLocal).rejects.toMatchObject({ status: 403 })
    expect((await payload.count({ collection: 'articles', where: { title: { equals: title } } })).totalDocs).toBe(0)
  })

  it('on update by id and by where, draft or not', async () => {
    const draft = await payload.create({ collection: 'articles', data: { authors: [as.ids.author], title: unique('Mine') }, draft: true })
    const byId = await as.author.rest('PATCH', `/articles/${draft.id}?draft=true`, { authors: [as.ids.author, as.ids.otherAuthor] })
    expect(byId.status).toBe(403)
    expect(invalidPaths(byId.body)).toEqual(['authors'])
    // A bulk update reports each document's refusal in its 400 answer.
    const byWhere = await as.author.rest('PATCH', `/articles?where[id][equals]=${draft.id}`, { authors: [as.ids.otherAuthor] })
    expect(byWhere.status).toBe(400)
    expect(byWhere.body.errors.map((error: { message: string }) => error.message)).toEqual([expect.stringMatching(/^authors: /)])
    const gql = await as.author.gql(`mutation { updateArticle(id: ${gqlId(draft.id)}, data: { authors: [${gqlId(as.ids.editor)}] }) { id } }`)
    expect(gqlStatus(gql)).toBe(403)
    expect(await authorsOf(draft.id)).toEqual([as.ids.author])
  })

  it('on restore of a version that credited someone the editors since removed', async () => {
    const draft = await payload.create({ collection: 'articles', data: { authors: [as.ids.author, as.ids.otherAuthor], title: unique('Shared') }, draft: true })
    await payload.update({ collection: 'articles', data: { authors: [as.ids.author] }, draft: true, id: draft.id })
    const { docs } = await payload.findVersions({ collection: 'articles', sort: 'updatedAt', where: { parent: { equals: draft.id } } })
    const restored = await as.author.rest('POST', `/articles/versions/${docs[0]!.id}?draft=true`)
    expect(restored.status).toBe(403)
    expect(invalidPaths(restored.body)).toEqual(['authors'])
    expect(await authorsOf(draft.id)).toEqual([as.ids.author])
  })

  it("on duplicate: an author's copy credits that author alone, at every door; an editor's keeps the credits", async () => {
    const { article: editorsOwn } = await publishArticle(payload, { authors: [as.ids.editor], title: unique("The editor's") })
    // Each copy gets its own slug: a copy keeps the original's, which must stay unique.
    const freshSlug = () => unique('copy').replace(/ /g, '-')
    const rest = await as.author.rest('POST', `/articles/${editorsOwn.id}/duplicate`, { slug: freshSlug() })
    expect(rest.status, JSON.stringify(rest.body)).toBe(200)
    expect(await authorsOf(rest.body.doc.id)).toEqual([as.ids.author])
    const gql = await as.author.gql(`mutation { duplicateArticle(id: ${gqlId(editorsOwn.id)}, data: { _status: draft, slug: ${gqlId(freshSlug())}, title: "Copy" }) { id } }`)
    expect(gqlStatus(gql), JSON.stringify(gql.body)).toBe(200)
    expect(await authorsOf(gql.body.data.duplicateArticle.id)).toEqual([as.ids.author])
    const viaLocal = await payload.duplicate({ collection: 'articles', data: { slug: freshSlug() }, draft: true, id: editorsOwn.id, ...(await asUser('author')) })
    expect(await authorsOf(viaLocal.id as number)).toEqual([as.ids.author])
    const byEditor = await as.editor.rest('POST', `/articles/${editorsOwn.id}/duplicate`, { slug: freshSlug() })
    expect(byEditor.status, JSON.stringify(byEditor.body)).toBe(200)
    expect(await authorsOf(byEditor.body.doc.id)).toEqual([as.ids.editor])
  })

  it('keeping the co-authors an editor gave is no change; editors credit anyone', async () => {
    const shared = await payload.create({ collection: 'articles', data: { authors: [as.ids.author, as.ids.otherAuthor], title: unique('Co-written') }, draft: true })
    const kept = await as.author.rest('PATCH', `/articles/${shared.id}?draft=true`, { authors: [as.ids.author, as.ids.otherAuthor], summary: 'Both of us' })
    expect(kept.status).toBe(200)
    const byEditor = await as.editor.rest('PATCH', `/articles/${shared.id}?draft=true`, { authors: [as.ids.otherAuthor, as.ids.editor] })
    expect(byEditor.status).toBe(200)
    expect((await authorsOf(shared.id)).sort()).toEqual([as.ids.otherAuthor, as.ids.editor].sort())
  })
})

describe('only admins change roles (item 7)', () => {
  const rolesOf = async (role: 'author' | 'editor') => (await payload.findByID({ collection: 'users', id: as.ids[role] })).roles

  for (const role of ['author', 'editor'] as const) {
    it(`${role}: changing their own roles answers 403 naming roles on REST, GraphQL and the Local API`, async () => {
      const rest = await as[role].rest('PATCH', `/users/${as.ids[role]}`, { roles: ['admin'] })
      expect(rest.status).toBe(403)
      expect(invalidPaths(rest.body)).toEqual(['roles'])
      const gql = await as[role].gql(`mutation { updateUser(id: ${gqlId(as.ids[role])}, data: { roles: [admin] }) { id } }`)
      expect(gqlStatus(gql)).toBe(403)
      expect(JSON.stringify(gql.body.errors)).toContain('roles')
      const viaLocal = payload.update({ collection: 'users', data: { roles: ['admin'] }, id: as.ids[role], ...(await asUser(role)) })
      await expect(viaLocal).rejects.toMatchObject({ status: 403 })
      expect(await rolesOf(role)).toEqual([role])
    })
  }

  it('saving a profile with the roles one holds is no change; creating users stays admin work', async () => {
    const saved = await as.author.rest('PATCH', `/users/${as.ids.author}`, { name: 'Renamed author', roles: ['author'] })
    expect(saved.status).toBe(200)
    expect(await rolesOf('author')).toEqual(['author'])
    const email = `${unique('self-made').replace(/\W+/g, '-')}@example.com`
    expect((await as.editor.rest('POST', '/users', { email, password: 'long enough password', roles: ['admin'] })).status).toBe(403)
    expect((await payload.count({ collection: 'users', where: { email: { equals: email } } })).totalDocs).toBe(0)
  })

  it('admins change roles', async () => {
    const user = await payload.create({ collection: 'users', data: { email: 'promoted@example.com', password: 'long enough password' } })
    const response = await as.admin.rest('PATCH', `/users/${user.id}`, { roles: ['editor'] })
    expect(response.status).toBe(200)
    expect((await payload.findByID({ collection: 'users', id: user.id })).roles).toEqual(['editor'])
  })
})

describe('only admins unlock accounts (item 3)', () => {
  const VICTIM = 'locked-out@example.com'
  let victimId: number
  const lockedUntil = async () => (await payload.db.findOne<{ id: number; lockUntil?: null | string }>({ collection: 'users', where: { id: { equals: victimId } } }))?.lockUntil ?? null
  const lock = () =>
    payload.db.updateOne({ collection: 'users', data: { lockUntil: new Date(Date.now() + 3_600_000).toISOString(), loginAttempts: 5 }, id: victimId })

  beforeAll(async () => {
    victimId = (await payload.create({ collection: 'users', data: { email: VICTIM, password: 'victim password long' } })).id as number
  })

  for (const role of ROLES) {
    const allowed = role === 'admin'
    it(`${role} ${allowed ? 'unlocks' : 'gets 403 and the account stays locked'} (REST, GraphQL, Local API)`, async () => {
      await lock()
      const rest = await as[role].rest('POST', '/users/unlock', { email: VICTIM })
      expect(rest.status).toBe(allowed ? 200 : 403)
      expect(Boolean(await lockedUntil())).toBe(!allowed)
      await lock()
      const gql = await as[role].gql(`mutation { unlockUser(email: ${gqlId(VICTIM)}) }`)
      expect(gqlStatus(gql)).toBe(allowed ? 200 : 403)
      expect(Boolean(await lockedUntil())).toBe(!allowed)
      await lock()
      expect(await localStatus(payload.unlock({ collection: 'users', data: { email: VICTIM, password: '' }, ...(await asUser(role)) }))).toBe(allowed ? 200 : 403)
      expect(Boolean(await lockedUntil())).toBe(!allowed)
    })
  }
})

describe('the jobs queue (items 2 and 7)', () => {
  for (const role of ROLES) {
    const allowed = role === 'admin'
    it(`${role} ${allowed ? 'may' : 'may not'} run the queue on demand (/api/payload-jobs/run, /handle-schedules)`, async () => {
      // Refused: 401 asks an anonymous caller to sign in; a signed-in one without the role gets 403.
      const expected = allowed ? 200 : role === 'anonymous' ? 401 : 403
      expect((await as[role].rest('GET', '/payload-jobs/run?limit=1')).status).toBe(expected)
      // Payload answered an admin's 500 here, as nothing has a cron schedule.
      const schedules = await as[role].rest('GET', '/payload-jobs/handle-schedules')
      expect(schedules.status).toBe(expected)
      if (allowed) expect(schedules.body.queued).toEqual([])
    })
  }

  it('nobody creates jobs over REST (a scheduled publish included)', async () => {
    const draft = await payload.create({ collection: 'articles', data: { authors: [as.ids.author], title: unique('Job target') }, draft: true })
    const before = (await payload.count({ collection: 'payload-jobs' })).totalDocs
    const job = { input: { doc: { relationTo: 'articles', value: String(draft.id) }, type: 'publish' }, taskSlug: 'schedulePublish', waitUntil: new Date().toISOString() }
    for (const role of ROLES) expect((await as[role].rest('POST', '/payload-jobs', job)).status).toBe(403)
    expect((await payload.count({ collection: 'payload-jobs' })).totalDocs).toBe(before)
  })

  it("a scheduled publish runs as the user who queued it: an author's fails and changes nothing, an editor's publishes", async () => {
    const ready = async (title: string) => {
      const { article } = await publishArticle(payload, { authors: [as.ids.author], title })
      return (await payload.update({ collection: 'articles', data: { _status: 'draft' }, id: article.id })).id
    }
    const queue = (id: number, role: 'author' | 'editor') =>
      payload.jobs.queue({
        input: { doc: { relationTo: 'articles', value: id }, type: 'publish', user: { relationTo: 'users', value: as.ids[role] } },
        task: 'schedulePublish',
        waitUntil: new Date(),
      })
    const byAuthor = await ready(unique('Scheduled by author'))
    const byEditor = await ready(unique('Scheduled by editor'))
    const authorJob = await queue(byAuthor, 'author')
    await queue(byEditor, 'editor')
    // The server's runner picks both up within a second or two.
    await until(async () => (await payload.findByID({ collection: 'articles', id: byEditor }))._status === 'published', 30_000)
    const failed = await until(async () => {
      const job = await payload.findByID({ collection: 'payload-jobs', disableErrors: true, id: authorJob.id })
      return job && (job.hasError || (job.totalTried ?? 0) > 0) ? job : null
    }, 30_000)
    expect(JSON.stringify(failed.log ?? failed.error)).toContain('editors')
    expect((await payload.findByID({ collection: 'articles', id: byAuthor }))._status).toBe('draft')
  })

  it('the admin\'s "schedule publish" server function queues nothing for an author, and does for an editor', async () => {
    const action = scheduleActionId()
    const draft = await payload.create({ collection: 'articles', data: { authors: [as.ids.author], title: unique('Scheduled in the admin') }, draft: true })
    const scheduled = () => payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'schedulePublish' } } })
    const before = (await scheduled()).totalDocs
    const call = (role: 'author' | 'editor') =>
      fetch(`${server.url}/admin`, {
        // React's reply encoding: the argument list as JSON, a Date as "$D" + ISO string.
        body: JSON.stringify([
          { args: { date: `$D${new Date(Date.now() + 86_400_000).toISOString()}`, doc: { relationTo: 'articles', value: String(draft.id) }, type: 'publish' }, name: 'schedule-publish' },
        ]),
        headers: { accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', cookie: `payload-token=${as[role].token}`, 'next-action': action },
        method: 'POST',
      })
    await (await call('author')).text()
    expect((await scheduled()).totalDocs).toBe(before)
    await (await call('editor')).text()
    expect((await scheduled()).totalDocs).toBe(before + 1)
  })
})

/** The id Next gave the admin layout's server function in this build (the admin calls every server function through it). */
function scheduleActionId(): string {
  const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../.next/server/server-reference-manifest.json'), 'utf8'))
  const entries = Object.entries<{ filename: string }>(manifest.node ?? {})
  const found = entries.find(([, action]) => action.filename === 'src/app/(payload)/layout.tsx')
  expect(found, 'the admin layout has a server function').toBeTruthy()
  return found![0]
}

describe('the articles plugin disabled keeps its guards', () => {
  let partial: TestPayload
  beforeAll(async () => {
    partial = await startTestPayload({ plugins: [usersPlugin(), articlesPlugin({ disabled: true })] })
  })
  afterAll(async () => {
    await partial?.close()
  })

  it('an author still cannot publish or credit others through the Local API', async () => {
    const p = partial.payload
    const account = (name: string) => p.create({ collection: 'users', data: { email: `${name}@example.com`, password: 'long enough password', roles: ['author'] } })
    await account('disabled-first') // the first account is made an admin
    const author = await account('disabled-author')
    const other = await account('disabled-other')
    const asAuthor = { overrideAccess: false, user: { ...author, collection: 'users' as const } }
    await expect(p.create({ collection: 'articles', data: { _status: 'published', authors: [author.id], title: 'Live anyway' }, ...asAuthor })).rejects.toMatchObject({
      status: 403,
    })
    await expect(p.create({ collection: 'articles', data: { authors: [other.id], title: 'Credited away' }, draft: true, ...asAuthor })).rejects.toMatchObject({
      status: 403,
    })
    const draft: Article = await p.create({ collection: 'articles', data: { authors: [author.id], title: 'Draft' }, draft: true, ...asAuthor })
    expect(draft._status).toBe('draft')
    expect((await p.count({ collection: 'articles', where: { _status: { equals: 'published' } } })).totalDocs).toBe(0)
  })
})
