// Many publishes at once against one server: every one is answered and every article ends
// published. Payload's document-lock lookup left the request's transaction for a pool connection
// of its own, so on PostgreSQL (10 connections) concurrent writes each held one and waited for
// another, and the server stopped answering; src/database/documentLocksInTransaction.ts makes
// that lookup in the transaction. An editor's lock still stops other users' writes.
import type { Payload } from 'payload'

import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraph, REQUIRED_KINDS } from '../helpers/articles'
import { json } from '../helpers/http'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
/** A webhook receiver on loopback that accepts everything. */
let receiver: http.Server
let receiverUrl: string

beforeAll(async () => {
  receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()))
  receiver.listen(0, '127.0.0.1')
  await new Promise((resolve) => receiver.once('listening', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
  stack = await startTestStack({ env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  payload = stack.payload
})
afterAll(async () => {
  await stack?.close()
  receiver?.close()
})

/** Twice the default pool, so a request that needs a second connection finds none free. */
const PUBLISHES = 24
/** Generous: a hung request is what this guards against, not a slow one. */
const ANSWER_WITHIN_MS = 120_000

async function draftReadyToPublish(title: string) {
  const article = await payload.create({ collection: 'articles', data: { title }, draft: true })
  for (const [order, kind] of REQUIRED_KINDS.entries()) {
    await payload.create({ collection: 'sections', data: { article: article.id, body: paragraph(`Our ${kind} on ${title}`), kind, order } })
  }
  return article
}

/** A publish as the admin, giving up (status 0) when no answer comes in time. */
async function publish(id: number | string): Promise<{ body: unknown; status: number }> {
  try {
    const response = await fetch(`${stack.server.url}/api/articles/${id}`, {
      body: JSON.stringify({ _status: 'published' }),
      headers: { authorization: `JWT ${stack.admin.token}`, 'content-type': 'application/json' },
      method: 'PATCH',
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    })
    return { body: await json(response), status: response.status }
  } catch (error) {
    return { body: String(error), status: 0 }
  }
}

/** Publishes `PUBLISHES` fresh drafts at once; every answer must be 200 and every article published. */
async function publishAllAtOnce(label: string) {
  const drafts = []
  for (let i = 0; i < PUBLISHES; i++) drafts.push(await draftReadyToPublish(`${label} ${i}`))

  const answers = await Promise.all(drafts.map((article) => publish(article.id)))

  expect(answers.filter((answer) => answer.status !== 200), 'publishes not answered 200').toEqual([])
  const { docs } = await payload.find({
    collection: 'articles',
    depth: 0,
    limit: 0,
    pagination: false,
    where: { id: { in: drafts.map((article) => article.id) } },
  })
  expect(docs.map((doc) => doc._status)).toEqual(drafts.map(() => 'published'))
}

describe('concurrent publishes', () => {
  it(`${PUBLISHES} publishes at once are all answered 200 and all end published`, async () => {
    await publishAllAtOnce('Concurrent news')
  }, 10 * 60_000)

  it('the same with a webhook endpoint queueing a delivery for each, and related lists rebuilt', async () => {
    const endpoint = await stack.admin.rest('POST', '/webhooks', { events: ['*'], name: 'Concurrent', url: `${receiverUrl}/hook` })
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201)
    // Shared title words put the articles in one another's related lists.
    await publishAllAtOnce('Monsoon flooding news')
    const { totalDocs } = await payload.count({ collection: 'webhook-deliveries', where: { webhook: { equals: endpoint.body.doc.id } } })
    expect(totalDocs).toBeGreaterThan(0)
  }, 10 * 60_000)
})

describe('document locks still hold', () => {
  async function lockedByEditor(title: string) {
    const article = await draftReadyToPublish(title)
    const editor = await payload.create({
      collection: 'users',
      data: { email: `editor-${article.id}@example.com`, name: 'Locking editor', password: 'editor password', roles: ['editor'] },
    })
    await payload.create({
      collection: 'payload-locked-documents',
      data: { document: { relationTo: 'articles', value: article.id }, user: { relationTo: 'users', value: editor.id } },
    })
    return article
  }

  it('a publish of a document another user has open is refused with 423, nothing changed', async () => {
    const article = await lockedByEditor('Open in the editor')
    const answer = await publish(article.id)
    expect(answer.status).toBe(423)
    expect(JSON.stringify(answer.body)).toContain('locked by another user')
    const stored = await payload.findByID({ collection: 'articles', id: article.id, draft: true })
    expect(stored._status).toBe('draft')
  })

  it('a delete of a document another user has open is refused with 423, the document stays', async () => {
    const article = await lockedByEditor('Open while deleting')
    const answer = await stack.admin.rest('DELETE', `/articles/${article.id}`)
    expect(answer.status).toBe(423)
    const stored = await payload.findByID({ collection: 'articles', disableErrors: true, id: article.id, draft: true })
    expect(stored?.id).toBe(article.id)
  })

  it('a bulk publish skips the locked document and publishes the others', async () => {
    const locked = await lockedByEditor('Locked in a bulk publish')
    const free = await draftReadyToPublish('Free in a bulk publish')
    const query = `where[id][in]=${locked.id},${free.id}`
    const answer = await stack.admin.rest('PATCH', `/articles?${query}`, { _status: 'published' })
    expect(answer.body.errors?.map((error: { id: unknown }) => error.id)).toEqual([locked.id])
    const statuses = await Promise.all(
      [locked, free].map(async (article) => (await payload.findByID({ collection: 'articles', id: article.id, draft: true }))._status),
    )
    expect(statuses).toEqual(['draft', 'published'])
  })
})
