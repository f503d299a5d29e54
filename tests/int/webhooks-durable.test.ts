// Webhook deliveries survive the server: killed with SIGKILL while one is in flight and another
// waits, a restarted server sends both (the interrupted one again under its webhook-id, nothing
// under a new one); stopped with SIGTERM mid-delivery, it aborts, exits within 10 s, and the
// next start retries under the same webhook-id.
import type { Payload } from 'payload'

import http from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { publishArticle } from '../helpers/articles'
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { sleep, until } from '../helpers/wait'

type Received = { body: string; id: string; path: string }

let database: TestDatabase
let local: TestPayload
let payload: Payload
let receiver: http.Server
let receiverUrl: string
const received: Received[] = []
/** While true, requests are held unanswered: a delivery in flight. */
let holding = true
const held: http.ServerResponse[] = []

beforeAll(async () => {
  // Endpoints on the loopback receiver may be saved (here) and reached (by the servers).
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ body, id: String(req.headers['webhook-id']), path: req.url ?? '' })
      if (holding) held.push(res)
      else res.end('ok')
    })
  })
  receiver.listen(0, '127.0.0.1')
  await new Promise((resolve) => receiver.once('listening', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
  database = await createTestDatabase()
  local = await startTestPayload({ database })
  payload = local.payload
})
afterAll(async () => {
  for (const res of held) res.destroy()
  receiver?.closeAllConnections()
  receiver?.close()
  await local?.close()
  await database?.drop()
})

// A short lease so a restarted server takes back the killed one's job within seconds.
const startServer = () => startTestServer({ env: { DATABASE_URI: database.uri, JOB_LEASE_SECONDS: '3', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
const at = (path: string) => received.filter((entry) => entry.path === path)
const itemIds = (entry: Received) => (JSON.parse(entry.body).data.items as { id: number }[]).map((item) => item.id)
const deliveries = async (webhook: number | string) =>
  (await payload.find({ collection: 'webhook-deliveries', depth: 0, pagination: false, sort: 'createdAt', where: { webhook: { equals: webhook } } })).docs

it('SIGKILL mid-delivery: after a restart the interrupted delivery goes again under its webhook-id and the waiting one goes too', async () => {
  const endpoint = await payload.create({ collection: 'webhooks', data: { events: ['article.published'], name: 'Killed', url: `${receiverUrl}/killed` } })
  let server: TestServer | undefined = await startServer()
  try {
    const first = (await publishArticle(payload, { title: 'In flight when the server died' })).article
    await until(() => at('/killed').length === 1, 30_000)
    // One delivery per endpoint at a time: this one waits behind the one in flight.
    const second = (await publishArticle(payload, { title: 'Waiting when the server died' })).article
    await sleep(1500)
    expect(at('/killed')).toHaveLength(1)

    server.process.kill('SIGKILL')
    await server.exited
    holding = false
    server = await startServer()

    await until(async () => (await deliveries(endpoint.id)).every((delivery) => delivery.status === 'succeeded') && at('/killed').length >= 3, 30_000)
    const [interrupted, resent, ...rest] = at('/killed')
    expect(resent!.id).toBe(interrupted!.id)
    expect(itemIds(resent!)).toEqual([first.id])
    // Every item went out under exactly one webhook-id.
    const idsOf = new Map<number, Set<string>>()
    for (const entry of at('/killed')) for (const id of itemIds(entry)) idsOf.set(id, (idsOf.get(id) ?? new Set()).add(entry.id))
    expect([...idsOf.keys()].sort()).toEqual([first.id, second.id].sort())
    expect([...idsOf.values()].every((ids) => ids.size === 1)).toBe(true)
    expect(rest.every((entry) => entry.id !== interrupted!.id)).toBe(true)
  } finally {
    await server?.stop()
  }
})

it('SIGTERM mid-delivery: the attempt is aborted and logged, the server exits within 10 s, and the next start retries under the same webhook-id', async () => {
  holding = true
  const endpoint = await payload.create({ collection: 'webhooks', data: { events: ['article.published'], name: 'Stopped', url: `${receiverUrl}/stopped` } })
  let server: TestServer | undefined = await startServer()
  try {
    await publishArticle(payload, { title: 'In flight at shutdown' })
    await until(() => at('/stopped').length === 1, 30_000)

    const stopping = Date.now()
    server.process.kill('SIGTERM')
    const code = await server.exited
    expect(code, server.output().slice(-3000)).toBe(0)
    expect(Date.now() - stopping).toBeLessThan(10_000)
    const [delivery] = await deliveries(endpoint.id)
    expect(delivery!.status).toBe('failed')
    expect((delivery!.attempts as { error?: string }[]).at(-1)!.error).toMatch(/Aborted/)

    holding = false
    server = await startServer()
    await until(() => at('/stopped').length === 2, 15_000)
    expect(at('/stopped')[1]!.id).toBe(at('/stopped')[0]!.id)
    await until(async () => (await deliveries(endpoint.id))[0]!.status === 'succeeded', 30_000)
  } finally {
    await server?.stop()
  }
})
