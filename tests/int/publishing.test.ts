// Required sections: publishing needs Opinion, Action and To Do (by default), by every door;
// a failed publish changes nothing; a published article keeps its required sections.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Api, api, gqlStatuses, invalidPaths } from '../helpers/api'
import { paragraph, publishArticle } from '../helpers/articles'
import { startTestStack, type TestStack } from '../helpers/testStack'
import type { TestServer } from '../helpers/testServer'

let stack: TestStack
let server: TestServer
let payload: Payload
// An admin can do all an editor can; the publishing rules hold for both alike.
let editor: Api

beforeAll(async () => {
  stack = await startTestStack()
  ;({ admin: editor, payload, server } = stack)
})
afterAll(async () => {
  await stack?.close()
})

const draft = async (title: string) => payload.create({ collection: 'articles', data: { title }, draft: true })
const section = (article: number | string, kind: string, data: Record<string, unknown> = { body: paragraph(`Some ${kind}`) }) =>
  payload.create({ collection: 'sections', data: { article, kind, ...data } as any })
const messages = (body: any): string[] => (body?.errors ?? []).flatMap((e: any) => (e?.data?.errors ?? []).map((d: any) => d.message))

describe('publishing an article', () => {
  it('without sections: 400 naming every missing kind, nothing changed', async () => {
    const article = await draft('Bare news')
    const response = await editor.rest('PATCH', `/articles/${article.id}`, { _status: 'published' })
    expect(response.status).toBe(400)
    expect(invalidPaths(response.body)).toEqual(['sections'])
    expect(messages(response.body)).toEqual(['Publishing needs these sections: Opinion, Action, To Do'])
    const stored = await payload.findByID({ collection: 'articles', id: article.id })
    expect(stored._status).toBe('draft')
    expect(stored.publishedAt ?? null).toBeNull()
  })

  it('names only the kinds still missing, and counts only sections with content', async () => {
    const article = await draft('Half done')
    await section(article.id, 'opinion')
    await section(article.id, 'action', { body: paragraph('   ') })
    const response = await editor.rest('PATCH', `/articles/${article.id}`, { _status: 'published' })
    expect(messages(response.body)).toEqual(['Publishing needs these sections: Action, To Do'])
  })

  it('counts a To Do that lists an action even without body text', async () => {
    const article = await draft('Actions only')
    await section(article.id, 'opinion')
    await section(article.id, 'action')
    await section(article.id, 'todo', { actions: [{ blockType: 'share', hashtags: ['#ActNow'] }] })
    const response = await editor.rest('PATCH', `/articles/${article.id}`, { _status: 'published' })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body.doc._status).toBe('published')
  })

  it('is refused the same way over GraphQL and the Local API', async () => {
    const article = await draft('GraphQL news')
    await section(article.id, 'todo')
    const gql = await editor.gql(`mutation { updateArticle(id: ${JSON.stringify(article.id)}, data: { _status: published }) { id } }`)
    expect(gql.status).toBe(200)
    expect(gqlStatuses(gql.body)).toEqual([400])
    expect(JSON.stringify(gql.body)).toContain('Publishing needs these sections: Opinion, Action')
    await expect(payload.update({ collection: 'articles', data: { _status: 'published' }, id: article.id })).rejects.toMatchObject({
      data: { errors: [{ message: 'Publishing needs these sections: Opinion, Action', path: 'sections' }] },
      status: 400,
    })
  })

  it('saves drafts freely', async () => {
    const article = await draft('Still drafting')
    const saved = await editor.rest('PATCH', `/articles/${article.id}?draft=true`, { summary: 'More words' })
    expect(saved.status).toBe(200)
  })

  it('keeps the live version when a later publish fails', async () => {
    const { article } = await publishArticle(payload, { title: 'Live headline' })
    const opinion = (await payload.find({ collection: 'sections', where: { and: [{ article: { equals: article.id } }, { kind: { equals: 'opinion' } }] } })).docs[0]!
    // Unpublish, lose the Opinion, then try to publish a new headline: refused, nothing written.
    await payload.update({ collection: 'articles', data: { _status: 'draft' }, id: article.id })
    await payload.delete({ collection: 'sections', id: opinion.id })
    const response = await editor.rest('PATCH', `/articles/${article.id}`, { _status: 'published', title: 'Rewritten headline' })
    expect(response.status).toBe(400)
    const stored = await payload.findByID({ collection: 'articles', id: article.id })
    expect(stored.title).toBe('Live headline')
    expect(stored.publishedAt).toBe(article.publishedAt)
  })
})

describe('a published article keeps its required sections', () => {
  it('refuses deleting one, with a clear error', async () => {
    const { sections } = await publishArticle(payload, { title: 'Guarded' })
    const response = await editor.rest('DELETE', `/sections/${sections[0]!.id}`)
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body)).toMatch(/“Guarded” is published and needs its Opinion section: unpublish the article before deleting it/)
    expect((await payload.findByID({ collection: 'sections', disableErrors: true, id: sections[0]!.id }))?.id).toBe(sections[0]!.id)
  })

  it('refuses emptying one, naming the body', async () => {
    const { sections } = await publishArticle(payload, { title: 'Guarded body' })
    const response = await editor.rest('PATCH', `/sections/${sections[1]!.id}`, { body: paragraph('') })
    expect(response.status).toBe(400)
    expect(invalidPaths(response.body)).toEqual(['body'])
    expect(JSON.stringify(response.body)).toContain('unpublish the article before emptying it')
  })

  it('allows editing one that keeps its content, and deleting the article with all of them', async () => {
    const { article, sections } = await publishArticle(payload, { title: 'Editable' })
    expect((await editor.rest('PATCH', `/sections/${sections[0]!.id}`, { body: paragraph('A better opinion') })).status).toBe(200)
    expect((await editor.rest('DELETE', `/articles/${article.id}`)).status).toBe(200)
    expect((await payload.count({ collection: 'sections', where: { article: { equals: article.id } } })).totalDocs).toBe(0)
  })
})

describe('the publish checklist', () => {
  it('lists each required kind as present or missing', async () => {
    const article = await draft('Checklist')
    await section(article.id, 'action')
    const response = await editor.rest('GET', `/articles/${article.id}/publish-checklist`)
    expect(response.status).toBe(200)
    expect(response.body.items).toEqual([
      { kind: 'opinion', label: 'Opinion', present: false },
      { kind: 'action', label: 'Action', present: true },
      { kind: 'todo', label: 'To Do', present: false },
    ])
    expect((await api(server.url).rest('GET', `/articles/${article.id}/publish-checklist`)).status).toBe(404)
  })
})

describe('scheduled publishing', () => {
  it('of an incomplete article fails, and the job records why', async () => {
    const article = await draft('Scheduled but bare')
    const job = await payload.jobs.queue({
      input: { doc: { relationTo: 'articles', value: article.id }, type: 'publish' },
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    await payload.jobs.runByID({ id: job.id })
    const stored = await payload.findByID({ collection: 'payload-jobs', id: job.id })
    expect(stored.hasError).toBe(true)
    expect(JSON.stringify(stored.error ?? stored.log)).toContain('Publishing needs these sections: Opinion, Action, To Do')
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('draft')
  })

  it('of a complete article publishes it', async () => {
    const article = await draft('Scheduled and complete')
    for (const kind of ['opinion', 'action', 'todo']) await section(article.id, kind)
    const job = await payload.jobs.queue({
      input: { doc: { relationTo: 'articles', value: article.id }, type: 'publish' },
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    await payload.jobs.runByID({ id: job.id })
    expect((await payload.findByID({ collection: 'articles', id: article.id }))._status).toBe('published')
  })
})
