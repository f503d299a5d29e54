// Site status for editors (issue 17, item 6): editors read each webhook endpoint's last delivery
// through `GET /api/webhook-deliveries/site-status` — status, time, duration, answer code, endpoint
// name and event types, nothing more — and may redeliver; deliveries and endpoints themselves
// stay admins' on REST, GraphQL and the Local API. Authors and visitors get neither.
import http from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { gqlStatuses } from '../helpers/api'
import { type RoleClients, seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

let stack: TestStack
let roles: RoleClients
let receiver: http.Server
let received = 0
let webhookId: number | string
let deliveryId: number | string
const SECRET_HEADER = 'Bearer builder-token-not-for-editors'

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received += 1
      res.writeHead(200).end('rebuilt: private build log')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  stack = await startTestStack({ env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  roles = await seedRoleClients(stack.payload, stack.server.url)
  const url = `http://user:password@127.0.0.1:${(receiver.address() as { port: number }).port}/rebuild`
  const created = await stack.admin.rest('POST', '/webhooks', {
    events: ['media.changed'],
    headers: [{ name: 'authorization', value: SECRET_HEADER }],
    name: 'Static site',
    url,
  })
  webhookId = created.body.doc.id
  deliveryId = (await stack.admin.rest('POST', `/webhooks/${webhookId}/test`)).body.delivery
  await until(async () => (await stack.payload.findByID({ collection: 'webhook-deliveries', id: deliveryId })).status === 'succeeded', 20_000)
})
afterAll(async () => {
  await stack?.close()
  receiver?.close()
})

it('shows editors and admins the last delivery per endpoint, with no items, answer text, URL, headers or secret', async () => {
  for (const who of ['editor', 'admin'] as const) {
    const { body, status } = await roles[who].rest('GET', '/webhook-deliveries/site-status')
    expect(status, who).toBe(200)
    const row = body.endpoints.find((entry: any) => entry.webhook.id === webhookId)
    expect(row.webhook).toEqual({ id: webhookId, name: 'Static site' })
    expect(Object.keys(row.last).sort()).toEqual(['at', 'attempts', 'durationMs', 'eventTypes', 'id', 'status', 'statusCode'])
    expect(row.last).toMatchObject({ eventTypes: ['webhook.test'], id: deliveryId, status: 'succeeded', statusCode: 200 })
    const text = JSON.stringify(body)
    for (const secret of ['127.0.0.1', 'password', 'builder-token', 'private build log', 'whsec_', 'msg_']) expect(text, `${who}: ${secret}`).not.toContain(secret)
  }
})

it('refuses authors and visitors the site status (403)', async () => {
  for (const who of ['author', 'anonymous'] as const) {
    const { body, status } = await roles[who].rest('GET', '/webhook-deliveries/site-status')
    expect(status, who).toBe(403)
    expect(JSON.stringify(body)).not.toContain('Static site')
  }
})

it('keeps deliveries and endpoints admins-only for everyone else on REST, GraphQL and the Local API', async () => {
  for (const who of ['editor', 'author', 'anonymous'] as const) {
    for (const path of ['/webhook-deliveries', `/webhook-deliveries/${deliveryId}`, '/webhooks', `/webhooks/${webhookId}`]) {
      const { body, status } = await roles[who].rest('GET', path)
      expect(status, `${who} ${path}`).toBe(403)
      expect(JSON.stringify(body)).not.toContain('webhook.test')
    }
    const gql = await roles[who].gql('{ WebhookDeliveries { docs { id items attempts messageId eventTypes } } Webhooks { docs { url headers { value } } } }')
    expect(gqlStatuses(gql.body), who).toEqual([403, 403])
    expect(JSON.stringify(gql.body)).not.toMatch(/webhook\.test|builder-token|127\.0\.0\.1/)
  }
  for (const who of ['editor', 'author'] as const) {
    const user = await stack.payload.findByID({ collection: 'users', id: roles.ids[who] })
    await expect(stack.payload.find({ collection: 'webhook-deliveries', overrideAccess: false, user }), who).rejects.toThrow(/not allowed/i)
  }
})

it('lets editors redeliver, not authors or visitors; the redelivery goes out and is logged', async () => {
  for (const who of ['author', 'anonymous'] as const) {
    expect((await roles[who].rest('POST', `/webhook-deliveries/${deliveryId}/redeliver`)).status, who).toBe(403)
  }
  const before = received
  const attempts = ((await stack.payload.findByID({ collection: 'webhook-deliveries', id: deliveryId })).attempts as unknown[]).length
  expect(received).toBe(before)
  expect((await roles.editor.rest('POST', `/webhook-deliveries/${deliveryId}/redeliver`)).status).toBe(202)
  const stored = await until(async () => {
    const delivery = await stack.payload.findByID({ collection: 'webhook-deliveries', id: deliveryId })
    return (delivery.attempts as unknown[]).length > attempts && delivery.status === 'succeeded' ? delivery : undefined
  }, 20_000)
  expect(received).toBe(before + 1)
  const { body } = await roles.editor.rest('GET', '/webhook-deliveries/site-status')
  expect(body.endpoints.find((entry: any) => entry.webhook.id === webhookId).last).toMatchObject({ attempts: (stored.attempts as unknown[]).length, id: deliveryId })
})

it('answers 409 to a redelivery to an endpoint that is turned off, and queues nothing', async () => {
  // Through the server, whose settings allow this loopback receiver.
  expect((await stack.admin.rest('PATCH', `/webhooks/${webhookId}`, { active: false })).status).toBe(200)
  try {
    const before = await stack.payload.findByID({ collection: 'webhook-deliveries', id: deliveryId })
    const { body, status } = await roles.editor.rest('POST', `/webhook-deliveries/${deliveryId}/redeliver`)
    expect(status).toBe(409)
    expect(JSON.stringify(body)).toContain('turned off')
    const after = await stack.payload.findByID({ collection: 'webhook-deliveries', id: deliveryId })
    expect(after.status).toBe(before.status)
    expect(after.sendAt).toBe(before.sendAt)
  } finally {
    await stack.admin.rest('PATCH', `/webhooks/${webhookId}`, { active: true })
  }
})
