// Webhooks: real events only, sent after commit, signed to the Standard Webhooks spec,
// retried, coalesced, refused for internal addresses — against a receiver on loopback.
import type { Payload } from 'payload'

import http from 'node:http'
import { createLocalReq } from 'payload'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { runDelivery } from '../../collections/webhooks/runDelivery'
import { type Api, api, invalidPaths } from '../helpers/api'
import { paragraph, publishArticle, REQUIRED_KINDS } from '../helpers/articles'
import { seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { sleep, until } from '../helpers/wait'

type Received = { answered?: number; at: number; body: string; headers: http.IncomingHttpHeaders; path: string; seen?: number }

let stack: TestStack
let payload: Payload
let admin: Api
let receiver: http.Server
let receiverUrl: string
const received: Received[] = []
/** Per path, the statuses to answer in turn (then 200). */
const scripts = new Map<string, number[]>()
/** Per path, how long to take before answering. */
const delays = new Map<string, number>()
/**
 * Per path, an answer held open until the promise settles: a space every 2 s keeps the
 * connection from going idle (the sender's timeout), and `ok` ends it.
 */
const holds = new Map<string, Promise<void>>()

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', async () => {
      const entry: Received = { at: Date.now(), body, headers: req.headers, path: req.url ?? '' }
      received.push(entry)
      // A receiver that calls the API on receipt sees the committed content.
      const item = body ? JSON.parse(body).data?.items?.[0] : undefined
      if (item?.collection === 'articles' && item.type === 'article.published') {
        // (After the last test the server may be gone: a refused call is not this test's business.)
        entry.seen = await fetch(`${stack.server.url}/api/articles/${item.id}`).then((response) => response.status, () => -1)
      }
      const hold = holds.get(entry.path)
      if (hold) {
        res.writeHead(200, { 'Content-Type': 'text/plain' })
        const keepAlive = setInterval(() => res.write(' '), 2000)
        await hold
        clearInterval(keepAlive)
        res.end('ok')
        return
      }
      const script = scripts.get(entry.path) ?? []
      await sleep(delays.get(entry.path) ?? 0)
      const status = script.shift() ?? 200
      // A redirect points somewhere this receiver would record, were it followed.
      res.writeHead(status, {
        'Content-Type': 'text/plain',
        ...(status >= 300 && status < 400 ? { Location: `${receiverUrl}/redirected` } : {}),
        // Busy: come back in 3 s (longer than the first retry would otherwise wait).
        ...(status === 429 || status === 503 ? { 'Retry-After': '3' } : {}),
      })
      res.end('ok')
      entry.answered = Date.now()
    })
  })
  receiver.listen(0, '127.0.0.1')
  await new Promise((resolve) => receiver.once('listening', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
  stack = await startTestStack({ env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  ;({ admin, payload } = stack)
})
afterAll(async () => {
  await stack?.close()
  receiver?.close()
})

// Each test's endpoints are turned off after it, so later tests' publishes don't fan out to
// every endpoint made so far (a delivery still queued for one is logged as failed: disabled).
afterEach(async () => {
  const off = await admin.rest('PATCH', '/webhooks?where[active][equals]=true', { active: false })
  expect(off.body.errors, JSON.stringify(off.body.errors)).toEqual([])
})

const deliveriesOf = async (id: number) => (await admin.rest('GET', `/webhook-deliveries?where[webhook][equals]=${id}&depth=0`)).body.docs as any[]
const at = (path: string) => received.filter((entry) => entry.path === path)

async function endpoint(path: string, data: Record<string, unknown> = {}) {
  const response = await admin.rest('POST', '/webhooks', { events: ['*'], name: path, url: `${receiverUrl}${path}`, ...data })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return response.body.doc as { id: number; secret: string }
}

describe('endpoints', () => {
  it('show the generated secret once, on creation, and never again', async () => {
    const created = await endpoint('/secret-once', { events: ['article.deleted'] })
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const read = await admin.rest('GET', `/webhooks/${created.id}`)
    expect(read.status).toBe(200)
    expect(read.body.secret).toBeUndefined()
    const list = await admin.rest('GET', '/webhooks')
    expect(JSON.stringify(list.body)).not.toContain(created.secret)
    const gql = await admin.gql(`{ Webhook(id: ${JSON.stringify(created.id)}) { name secret } }`)
    expect(gql.body.data.Webhook.name).toBeTruthy()
    expect(JSON.stringify(gql.body)).not.toContain(created.secret)
    expect((await api(stack.server.url).rest('GET', '/webhooks')).status).toBe(403)
  })

  it('are for admins only: editors and authors read neither endpoints nor deliveries', async () => {
    const as = await seedRoleClients(payload, stack.server.url)
    for (const role of ['editor', 'author'] as const) {
      for (const path of ['/webhooks', '/webhook-deliveries']) expect((await as[role].rest('GET', path)).status, `${role} ${path}`).toBe(403)
      expect((await as[role].rest('POST', '/webhooks', { events: ['*'], name: 'Sneaky', url: 'https://example.org/' })).status).toBe(403)
    }
  })

  it('refuse a private-range literal address when saved, naming url (no connection is opened)', async () => {
    // The IPv6 forms carry an IPv4 loopback or private address (IPv4-compatible, NAT64, 6to4).
    for (const url of ['http://10.0.0.1/hook', 'http://[::127.0.0.1]/hook', 'http://[64:ff9b::10.0.0.1]/hook', 'http://[2002:7f00:1::]/hook']) {
      const refused = await admin.rest('POST', '/webhooks', { events: ['*'], name: 'Private', url })
      expect(refused.status, url).toBe(400)
      expect(invalidPaths(refused.body)).toEqual(['url'])
      expect(JSON.stringify(refused.body)).toContain('internal address')
    }
  })
})

describe('deliveries', () => {
  it('a publish sends one signed article.published after commit; the receiver can read the article', async () => {
    const { secret } = await endpoint('/published', { events: ['article.published'] })
    const { article } = await publishArticle(payload, { title: 'Levees hold as the river crests' })
    const [delivery] = await until(() => (at('/published').length ? at('/published') : undefined))
    const body = JSON.parse(delivery!.body)
    expect(body.type).toBe('article.published')
    expect(body.data.items).toEqual([
      {
        cacheTags: expect.arrayContaining(['articles', `articles:${article.id}`]),
        collection: 'articles',
        id: article.id,
        slug: article.slug,
        type: 'article.published',
      },
    ])
    expect(() => new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>)).not.toThrow()
    expect(await until(() => delivery!.seen)).toBe(200)
  })

  it('a draft save or autosave of a published article sends nothing; a failed publish sends nothing', async () => {
    await endpoint('/quiet', { events: ['*'] })
    const { article } = await publishArticle(payload, { title: 'Quiet news' })
    await until(() => at('/quiet').length > 0 || undefined)
    const before = at('/quiet').length
    await payload.update({ collection: 'articles', data: { title: 'Quiet news, edited' }, draft: true, id: article.id })
    await payload.update({ autosave: true, collection: 'articles', data: { summary: 'typing…' }, draft: true, id: article.id })
    const bare = await payload.create({ collection: 'articles', data: { title: 'Bare draft' }, draft: true })
    expect((await admin.rest('PATCH', `/articles/${bare.id}`, { _status: 'published' })).status).toBe(400)
    await sleep(3000)
    expect(at('/quiet').length).toBe(before)
  })

  it('retries a failure with the same webhook-id within 10 s, logging each attempt', async () => {
    scripts.set('/flaky', [500])
    const { id } = await endpoint('/flaky', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Second try' })
    const attempts = await until(() => (at('/flaky').length >= 2 ? at('/flaky') : undefined), 20_000)
    expect(attempts[1]!.headers['webhook-id']).toBe(attempts[0]!.headers['webhook-id'])
    expect(attempts[1]!.at - attempts[0]!.at).toBeLessThan(10_000)
    const log = await until(async () => (await deliveriesOf(id)).find((delivery) => delivery.status === 'succeeded'))
    expect(log.attempts.map((attempt: any) => attempt.statusCode)).toEqual([500, 200])
    expect(log.status).toBe('succeeded')
  })

  it('429 and 503 are retried no sooner than their Retry-After', async () => {
    scripts.set('/busy', [429, 503])
    const { id } = await endpoint('/busy', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Busy receiver' })
    const log = await until(async () => (await deliveriesOf(id)).find((delivery) => delivery.status === 'succeeded'), 30_000)
    expect(log.attempts.map((attempt: any) => attempt.statusCode)).toEqual([429, 503, 200])
    const times = at('/busy').map((entry) => entry.at)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2_900)
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(2_900)
  })

  it('deliveries to different endpoints run in parallel: a slow receiver holds up only its own', async () => {
    delays.set('/slow-lane', 10_000)
    await endpoint('/slow-lane', { events: ['article.published'] })
    await endpoint('/fast-lane', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Two lanes' })
    await until(() => at('/slow-lane').length || undefined)
    // The slow receiver is now busy for 10 s; a second publish must still reach the fast one
    // within the runner's second or so, not once the slow answer is in.
    const second = Date.now()
    await publishArticle(payload, { title: 'Two lanes, again' })
    await until(() => (at('/fast-lane').length >= 2 ? true : undefined))
    expect(at('/fast-lane')[1]!.at - second).toBeLessThan(5_000)
    expect(at('/slow-lane')[0]!.answered).toBeUndefined()
  })

  it('a redelivery goes out as it was: a change made while it waits gets a delivery (and webhook-id) of its own', async () => {
    const { id } = await endpoint('/again', { events: ['*'] })
    const test = (await admin.rest('POST', `/webhooks/${id}/test`)).body.delivery
    await until(async () => (await deliveriesOf(id)).find((delivery) => delivery.id === test && delivery.status === 'succeeded'))
    // A publish puts a delivery in flight (4 s); the redelivery queues behind it, and a
    // second publish comes while it still waits.
    delays.set('/again', 4_000)
    await publishArticle(payload, { title: 'Ahead of the redelivery' })
    await until(() => at('/again').length >= 2 || undefined)
    expect((await admin.rest('POST', `/webhook-deliveries/${test}/redeliver`)).status).toBe(202)
    const { article } = await publishArticle(payload, { title: 'Behind the redelivery' })
    expect((await deliveriesOf(id)).find((delivery) => delivery.id === test)?.status).toBe('pending')
    const carrying = await until(() => at('/again').find((entry) => JSON.parse(entry.body).data.items.some((item: { id: number }) => item.id === article.id)), 20_000)
    const testId = at('/again')[0]!.headers['webhook-id']
    expect(carrying.headers['webhook-id']).not.toBe(testId)
    const redelivered = await until(() => at('/again').filter((entry) => entry.headers['webhook-id'] === testId)[1], 20_000)
    expect(JSON.parse(redelivered.body)).toMatchObject({ data: { items: [] }, type: 'webhook.test' })
  })

  it('a redirect is a failure: not followed, retried under the same webhook-id', async () => {
    scripts.set('/moved', [301])
    const { id } = await endpoint('/moved', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Moved endpoint' })
    const log = await until(async () => (await deliveriesOf(id)).find((delivery) => delivery.status === 'succeeded'), 20_000)
    expect(log.attempts.map((attempt: any) => attempt.statusCode)).toEqual([301, 200])
    expect(new Set(at('/moved').map((entry) => entry.headers['webhook-id'])).size).toBe(1)
    expect(at('/redirected')).toEqual([])
  })

  it('a scheduled publish sends article.published when the job publishes it', async () => {
    await endpoint('/scheduled', { events: ['article.published'] })
    const draft = await payload.create({ collection: 'articles', data: { _status: 'draft', title: 'Published by the schedule' }, draft: true })
    for (const [order, kind] of REQUIRED_KINDS.entries()) {
      await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`Scheduled ${kind}`), kind, order } })
    }
    expect(at('/scheduled')).toEqual([])
    // The server's job runner publishes it a second from now, as the admin's "Schedule" does.
    await payload.jobs.queue({
      input: { doc: { relationTo: 'articles', value: draft.id }, type: 'publish' },
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() + 1000),
    })
    const [delivery] = await until(() => (at('/scheduled').length ? at('/scheduled') : undefined), 20_000)
    const body = JSON.parse(delivery!.body)
    expect(body.type).toBe('article.published')
    expect(body.data.items).toContainEqual(expect.objectContaining({ collection: 'articles', id: draft.id, type: 'article.published' }))
  })

  it('an endpoint that answers 410 Gone is turned off', async () => {
    scripts.set('/gone', [410])
    const { id } = await endpoint('/gone', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Nobody home' })
    const read = await until(async () => {
      const { body } = await admin.rest('GET', `/webhooks/${id}`)
      return body.active === false ? body : undefined
    })
    expect(read.disabledReason).toContain('410')
    expect(at('/gone')).toHaveLength(1)
  })

  it('refuses a host that resolves to an internal address unless it is allowed', async () => {
    const port = (receiver.address() as { port: number }).port
    const { id } = await endpoint('/never', { events: ['article.published'], url: `http://localhost:${port}/never` })
    await publishArticle(payload, { title: 'Blocked hop' })
    const delivery = await until(async () => (await deliveriesOf(id)).find((entry) => entry.attempts?.length > 0))
    expect(delivery.attempts[0].error).toContain('internal address')
    expect(at('/never')).toHaveLength(0)
  })

  it('coalesces changes inside the window into one delivery listing every item (deploy mode: empty body)', async () => {
    await endpoint('/deploy', { coalesceSeconds: 2, events: ['article.published'], mode: 'deploy' })
    await endpoint('/batch', { coalesceSeconds: 2, events: ['article.published'] })
    for (const title of ['Batch one', 'Batch two', 'Batch three']) await publishArticle(payload, { title, body: paragraph(title) as any })
    await until(() => at('/batch').length || undefined)
    await sleep(2500)
    expect(at('/deploy')).toHaveLength(1)
    expect(at('/deploy')[0]!.body).toBe('')
    expect(at('/batch')).toHaveLength(1)
    expect(JSON.parse(at('/batch')[0]!.body).data.items.map((item: any) => item.slug).sort()).toEqual(['batch-one', 'batch-three', 'batch-two'])
  })

  it('the window restarts with each change: changes 1.5 s apart in a 4 s window go out together, after the last', async () => {
    await endpoint('/debounce', { coalesceSeconds: 4, events: ['article.published'] })
    let last = 0
    for (const title of ['Slow drip one', 'Slow drip two', 'Slow drip three']) {
      if (last) await sleep(1_500)
      await publishArticle(payload, { title })
      last = Date.now()
    }
    const [delivery] = await until(() => (at('/debounce').length ? at('/debounce') : undefined))
    // Without the restart it would go 4 s after the first, about 0.6 s after the last.
    expect(delivery!.at - last).toBeGreaterThanOrEqual(3_000)
    await sleep(1_500)
    expect(at('/debounce')).toHaveLength(1)
    expect(JSON.parse(delivery!.body).data.items.map((item: any) => item.slug).sort()).toEqual(['slow-drip-one', 'slow-drip-three', 'slow-drip-two'])
  })

  it('deleting an endpoint takes its deliveries with it: the one waiting is not sent, the one in flight ends, and no job fails', async () => {
    delays.set('/deleted', 6_000)
    const { id } = await endpoint('/deleted', { events: ['article.published'] })
    const failedJobs = async () => (await payload.count({ collection: 'payload-jobs', where: { hasError: { equals: true } } })).totalDocs
    const failedBefore = await failedJobs()
    await publishArticle(payload, { title: 'Told just in time' })
    await until(() => at('/deleted').length || undefined)
    await publishArticle(payload, { title: 'Nobody left to tell' })
    expect(await deliveriesOf(id)).toHaveLength(2)
    expect((await admin.rest('DELETE', `/webhooks/${id}`)).status).toBe(200)
    expect((await payload.find({ collection: 'webhook-deliveries', where: { webhook: { equals: id } } })).docs).toEqual([])
    // The delivery in flight gets its answer and the waiting one's job wakes: both end cleanly.
    await until(() => at('/deleted')[0]!.answered, 15_000)
    await sleep(2_500)
    expect(at('/deleted')).toHaveLength(1)
    expect(await failedJobs()).toBe(failedBefore)
    expect((await payload.count({ collection: 'webhook-deliveries', where: { webhook: { exists: false } } })).totalDocs).toBe(0)
  })

  it('after a rotation, old and new secrets both sign', async () => {
    const { id, secret: old } = await endpoint('/rotated', { events: ['article.published'] })
    const rotated = await admin.rest('POST', `/webhooks/${id}/rotate-secret`)
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).not.toBe(old)
    await publishArticle(payload, { title: 'Fresh keys' })
    const [delivery] = await until(() => (at('/rotated').length ? at('/rotated') : undefined))
    for (const secret of [old, rotated.body.secret]) {
      expect(() => new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>)).not.toThrow()
    }
  })

  it('articles whose related lists a publish changed get article.updated', async () => {
    const { article: first } = await publishArticle(payload, { title: 'Glacier melt floods alpine valley' })
    await endpoint('/lists', { events: ['article.updated'] })
    await publishArticle(payload, { title: 'Alpine valley glacier melt floods again' })
    const [delivery] = await until(() => (at('/lists').length ? at('/lists') : undefined))
    const items = JSON.parse(delivery!.body).data.items
    expect(items).toContainEqual({ cacheTags: expect.arrayContaining([`articles:${first.id}`, 'related-links']), collection: 'articles', id: first.id, slug: first.slug, type: 'article.updated' })
  })

  it('every published article whose related list shows an article hears of its publish, unpublish, edit and delete (links made by hand too)', async () => {
    // Nothing in common: neither enters the other's list automatically, only by the editor's link.
    const { article: linked } = await publishArticle(payload, { title: 'Opera house restores its chandelier' })
    const { article: holder } = await publishArticle(payload, { title: 'Zebra crossings repainted near the harbour' })
    const link = await admin.rest('POST', '/related-links', { from: holder.id, to: linked.id })
    expect(link.status, JSON.stringify(link.body)).toBe(201)
    await endpoint('/neighbours', { events: ['*'] })
    const items = (since: number) => at('/neighbours').slice(since).flatMap((entry) => JSON.parse(entry.body).data.items)
    // The linked article's own event and its neighbours' are queued in one transaction, so they
    // arrive together: once its own is in, the holder's must be too.
    async function change(type: string, write: () => Promise<{ status: number }>) {
      const since = at('/neighbours').length
      expect((await write()).status, type).toBeLessThan(300)
      await until(() => items(since).some((item) => item.id === linked.id && item.type === type) || undefined)
      expect(items(since), type).toContainEqual({
        cacheTags: expect.arrayContaining([`articles:${holder.id}`]),
        collection: 'articles',
        id: holder.id,
        slug: holder.slug,
        type: 'article.updated',
      })
    }
    await change('article.unpublished', () => admin.rest('PATCH', `/articles/${linked.id}`, { _status: 'draft' }))
    await change('article.published', () => admin.rest('PATCH', `/articles/${linked.id}`, { _status: 'published' }))
    await change('article.updated', () => admin.rest('PATCH', `/articles/${linked.id}`, { title: 'Opera house rehangs its chandelier' }))
    await change('article.deleted', () => admin.rest('DELETE', `/articles/${linked.id}`))
  })

  it('petitions and categories send their own events', async () => {
    await endpoint('/others', { events: ['petition.published', 'category.changed'] })
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Clean the bay' } })
    const category = await payload.create({ collection: 'categories', data: { name: 'Coasts' } })
    await until(() => (at('/others').flatMap((entry) => JSON.parse(entry.body).data.items).length >= 2 ? true : undefined))
    const items = at('/others').flatMap((entry) => JSON.parse(entry.body).data.items)
    expect(items).toContainEqual({ cacheTags: expect.arrayContaining(['petitions', `petitions:${petition.id}`]), collection: 'petitions', id: petition.id, slug: petition.slug, type: 'petition.published' })
    expect(items).toContainEqual({ cacheTags: ['categories', `categories:${category.id}`], collection: 'categories', id: category.id, slug: category.slug, type: 'category.changed' })
  })

  it('a delivery in flight is not sent again by a second process running the same job', async () => {
    delays.set('/claimed', 3_000)
    const { id } = await endpoint('/claimed', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Claimed once' })
    await until(() => at('/claimed').length || undefined)
    const [delivery] = await deliveriesOf(id)
    expect(delivery.status).toBe('sending')
    // This test process stands in for a second server that picked up the same job (and may
    // reach the receiver, as that server could).
    process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
    try {
      await runDelivery(await createLocalReq({}, payload), delivery.id, id)
    } finally {
      delete process.env.WEBHOOK_ALLOW_HOSTS
    }
    await until(async () => ((await deliveriesOf(id))[0].status === 'succeeded' ? true : undefined))
    await sleep(1_500)
    expect(at('/claimed')).toHaveLength(1)
  })

  it('every published item arrives while deliveries are in flight (none lost between the runner and new changes)', async () => {
    delays.set('/every-item', 1500)
    await endpoint('/every-item', { coalesceSeconds: 0, events: ['article.published'] })
    const published = [(await publishArticle(payload, { title: 'Steady stream opener' })).article.id]
    await until(() => at('/every-item').length || undefined)
    // While that delivery is in flight, five writers publish at once.
    await Promise.all(
      Array.from({ length: 5 }, async (_, writer) => {
        for (let n = 0; n < 6; n++) published.push((await publishArticle(payload, { title: `Steady stream ${writer}-${n}` })).article.id)
      }),
    )
    const arrived = () => new Set(at('/every-item').flatMap((entry) => JSON.parse(entry.body).data.items.map((item: { id: number }) => item.id)))
    await until(() => (published.every((id) => arrived().has(id)) ? true : undefined), 30_000)
    // Later deliveries carried the rest, each under its own webhook-id.
    const ids = at('/every-item').map((entry) => entry.headers['webhook-id'])
    expect(ids.length).toBeGreaterThan(1)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('several endpoints and many writers at once: every item reaches every endpoint, and no write fails', async () => {
    // Windows of 0, 1 and 2 s: publishes merge into waiting deliveries while the runner picks
    // others up (on PostgreSQL this once deadlocked a publish against the runner).
    const logFrom = stack.server.output().length
    const paths = ['/crowd-0', '/crowd-1', '/crowd-2']
    for (const [seconds, path] of paths.entries()) await endpoint(path, { coalesceSeconds: seconds, events: ['article.published'] })
    delays.set('/crowd-1', 400)
    const published: number[] = []
    await Promise.all(
      Array.from({ length: 6 }, async (_, writer) => {
        for (let n = 0; n < 5; n++) published.push((await publishArticle(payload, { title: `Crowded hour ${writer}-${n}` })).article.id)
      }),
    )
    for (const path of paths) {
      const arrived = () => new Set(at(path).flatMap((entry) => JSON.parse(entry.body).data.items.map((item: { id: number }) => item.id)))
      await until(() => (published.every((id) => arrived().has(id)) ? true : undefined), 30_000)
    }
    expect(stack.server.output().slice(logFrom)).not.toMatch(/deadlock|ERROR/)
  })

  it('deploy mode: one request in flight; 30 changes meanwhile make exactly one follow-up', async () => {
    // The first request is held open until the 30 changes are made, however long they take.
    let release!: () => void
    holds.set('/slow-deploy', new Promise((resolve) => (release = resolve)))
    await endpoint('/slow-deploy', { coalesceSeconds: 0, events: ['article.published'], mode: 'deploy' })
    await publishArticle(payload, { title: 'First of a busy day' })
    await until(() => at('/slow-deploy').length || undefined)
    for (let n = 1; n <= 30; n++) await publishArticle(payload, { title: `Busy day story ${n}` })
    await sleep(1000)
    expect(at('/slow-deploy')).toHaveLength(1)
    const releasedAt = Date.now()
    release()
    await until(() => (at('/slow-deploy').length >= 2 ? true : undefined), 30_000)
    await sleep(3000)
    expect(at('/slow-deploy')).toHaveLength(2)
    expect(at('/slow-deploy')[1]!.at).toBeGreaterThanOrEqual(releasedAt)
  })

  it('never shows a secret in a delivery record or the server log', async () => {
    const { id, secret } = await endpoint('/audit', { events: ['article.published'] })
    await publishArticle(payload, { title: 'Audit trail' })
    await until(() => at('/audit').length || undefined)
    const records = await deliveriesOf(id)
    expect(records.length).toBeGreaterThan(0)
    expect(JSON.stringify(records)).not.toContain(secret.slice(6))
    expect(stack.server.output()).not.toContain(secret.slice(6))
  })
})
