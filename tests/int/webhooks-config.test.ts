// Webhook endpoints kept in code: written on start-up, kept in step with the config, closed
// to the API, and delivered to like any other.
import http from 'node:http'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { broadsidePlugins } from '../../payload.config'
import { newSecret } from '../../src/webhooks/signDelivery'
import { publishArticle } from '../helpers/articles'
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

let database: TestDatabase
let receiver: http.Server
let url: string
const bodies: { body: string; headers: http.IncomingHttpHeaders }[] = []
const secret = newSecret()

const declared = (path: string, name = 'Site builder') =>
  broadsidePlugins({ webhooks: { endpoints: [{ events: ['article.published'], name, secret, url: `${url}${path}` }] } })

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      bodies.push({ body, headers: req.headers })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`
  database = await createTestDatabase()
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
})
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_HOSTS
  receiver?.close()
  await database?.drop()
})

describe('endpoints declared in the config', () => {
  let local: TestPayload

  it('are written on start-up, with the declared secret, and delivered to', async () => {
    local = await startTestPayload({ database, plugins: declared('/first') })
    const { docs } = await local.payload.find({ collection: 'webhooks', where: { declaredInConfig: { equals: true } } })
    expect(docs).toHaveLength(1)
    expect(docs[0]).toMatchObject({ active: true, name: 'Site builder', secret, url: `${url}/first` })
    await publishArticle(local.payload, { title: 'Declared delivery' })
    // This Local API process runs no job runner of its own: run the queue once.
    await local.payload.jobs.run({ limit: 10, queue: 'webhooks' })
    expect(bodies).toHaveLength(1)
    expect(() => new Webhook(secret).verify(bodies[0]!.body, bodies[0]!.headers as Record<string, string>)).not.toThrow()
  })

  it('are closed to the API: no update, no delete', async () => {
    const [endpoint] = (await local.payload.find({ collection: 'webhooks', where: { declaredInConfig: { equals: true } } })).docs
    const admin = (await local.payload.create({ collection: 'users', data: { email: 'declared-admin@example.org', password: 'declared admin password', roles: ['admin'] } }))
    const asAdmin = { overrideAccess: false, user: { ...admin, collection: 'users' as const } }
    await expect(local.payload.update({ collection: 'webhooks', data: { url: 'https://elsewhere.example.org/' }, id: endpoint!.id, ...asAdmin })).rejects.toThrow()
    await expect(local.payload.delete({ collection: 'webhooks', id: endpoint!.id, ...asAdmin })).rejects.toThrow()
    expect((await local.payload.findByID({ collection: 'webhooks', id: endpoint!.id })).url).toBe(`${url}/first`)
    await local.close()
  })

  it('follow the config on the next start: changed in place, never duplicated; dropped ones turned off', async () => {
    local = await startTestPayload({ database, plugins: declared('/second') })
    let { docs } = await local.payload.find({ collection: 'webhooks', where: { declaredInConfig: { equals: true } } })
    expect(docs).toHaveLength(1)
    expect(docs[0]!.url).toBe(`${url}/second`)
    await local.close()
    local = await startTestPayload({ database, plugins: declared('/third', 'Another builder') })
    ;({ docs } = await local.payload.find({ collection: 'webhooks', sort: 'name', where: { declaredInConfig: { equals: true } } }))
    expect(docs.map((doc) => [doc.name, doc.active])).toEqual([
      ['Another builder', true],
      ['Site builder', false],
    ])
    await local.close()
  })

  it('refuse a malformed secret at start-up, naming the endpoint', async () => {
    const bad = broadsidePlugins({ webhooks: { endpoints: [{ events: ['*'], name: 'Broken', secret: 'not-a-secret', url: `${url}/x` }] } })
    await expect(startTestPayload({ database, plugins: bad })).rejects.toThrow(/Broken.*whsec_/)
  })

  it('with an empty allowlist, a URL on 127.0.0.1 is refused when saved, and one that resolves there gets no request', async () => {
    delete process.env.WEBHOOK_ALLOW_HOSTS
    const local = await startTestPayload({ database, plugins: broadsidePlugins() })
    try {
      await expect(
        local.payload.create({ collection: 'webhooks', data: { events: ['*'], name: 'Loopback literal', url: `${url}/literal` } }),
      ).rejects.toMatchObject({ data: { errors: [expect.objectContaining({ message: expect.stringContaining('internal address'), path: 'url' })] } })
      const port = new URL(url).port
      const byName = await local.payload.create({ collection: 'webhooks', data: { events: ['article.published'], name: 'Loopback name', url: `http://localhost:${port}/by-name` } })
      const before = bodies.length
      await publishArticle(local.payload, { title: 'Nobody may hear this' })
      await local.payload.jobs.run({ limit: 10, queue: 'webhooks' })
      expect(bodies.length).toBe(before)
      const { docs } = await local.payload.find({ collection: 'webhook-deliveries', where: { webhook: { equals: byName.id } } })
      expect(JSON.stringify(docs[0]?.attempts)).toContain('internal address')
    } finally {
      process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
      await local.close()
    }
  })
})
