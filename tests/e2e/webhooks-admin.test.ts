// Admins act on webhooks from the admin panel: send a test event from an endpoint's page and
// redeliver from a delivery's page (same webhook-id), both reaching a receiver on loopback.
import type { Browser, Page } from 'playwright-core'

import http from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { adminSession } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

let stack: TestStack
let browser: Browser
let page: Page
let receiver: http.Server
const received: { body: string; id: string }[] = []

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ body, id: String(req.headers['webhook-id']) })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  stack = await startTestStack({ env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
  receiver?.close()
})


it('sends a test event from the endpoint page, and redelivers it from the delivery page', async () => {
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
  const created = await stack.admin.rest('POST', '/webhooks', { events: ['*'], name: 'Builder', url })
  await page.goto(`${stack.server.url}/admin/collections/webhooks/${created.body.doc.id}`)
  await page.locator('[data-testid="webhook-test"] button').click()
  await page.locator('[data-testid="webhook-test"] [role="status"]', { hasText: 'Queued' }).waitFor({ timeout: 15_000 })
  await until(() => received.length === 1, 20_000)
  expect(JSON.parse(received[0]!.body).type).toBe('webhook.test')

  const { docs } = (await stack.admin.rest('GET', `/webhook-deliveries?where[webhook][equals]=${created.body.doc.id}&depth=0`)).body
  await page.goto(`${stack.server.url}/admin/collections/webhook-deliveries/${docs[0].id}`)
  // Event types read as chips, not JSON.
  await page.locator('[data-testid="event-type-chips"]', { hasText: 'webhook.test' }).waitFor({ timeout: 30_000 })
  expect(await page.locator('[data-testid="event-type-chips"]').innerText()).not.toContain('[')
  await page.locator('[data-testid="webhook-redeliver"] button').click()
  await page.locator('[data-testid="webhook-redeliver"] [role="status"]', { hasText: 'Queued' }).waitFor({ timeout: 15_000 })
  await until(() => received.length === 2, 20_000)
  expect(received[1]!.id).toBe(received[0]!.id)
})

it('lists deliveries with their event types as chips', async () => {
  await page.goto(`${stack.server.url}/admin/collections/webhook-deliveries`)
  const chips = page.locator('table [data-testid="event-type-chips"]')
  await chips.first().waitFor({ timeout: 30_000 })
  expect((await chips.allInnerTexts()).every((text) => text.trim() === 'webhook.test')).toBe(true)
})
