// "Is the site up to date?" (issue 17, item 6): the dashboard and each article show an editor
// every webhook endpoint's last delivery — how it ended, when, how long — and redeliver it, the
// row following the redelivery without a reload; authors see no status; the dashboard lists
// drafts the publish checklist holds back with what each still needs.
import type { Browser, Page } from 'playwright-core'

import http from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { paragraph, publishArticle } from '../helpers/articles'
import { adminSession, loginInBrowser } from '../helpers/browser'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

let stack: TestStack
let browser: Browser
let page: Page
let receiver: http.Server
let answerWith = 200
let requests = 0
let webhookId: number | string

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      requests += 1
      res.writeHead(answerWith).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  stack = await startTestStack({ env: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/rebuild`
  // Media changes only: the articles this test publishes start no deliveries of their own.
  webhookId = (await stack.admin.rest('POST', '/webhooks', { events: ['media.changed'], name: 'Static site', url })).body.doc.id
  for (const role of ['editor', 'author'] as const) {
    await stack.payload.create({ collection: 'users', data: { email: `${role}@example.com`, name: role, password: `${role} password long enough`, roles: [role] } })
  }
  // An editor, not an admin: deliveries are admins' to read, the site status is editors' too.
  ;({ browser, page } = await adminSession(stack.server.url, { email: 'editor@example.com', password: 'editor password long enough' }))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
  receiver?.close()
})

const lastDelivery = async () =>
  (await stack.payload.find({ collection: 'webhook-deliveries', limit: 1, sort: '-createdAt', where: { webhook: { equals: webhookId } } })).docs[0]

it('shows the last delivery to each endpoint on the dashboard', async () => {
  expect((await stack.admin.rest('POST', `/webhooks/${webhookId}/test`)).status).toBeLessThan(300)
  await until(async () => (await lastDelivery())?.status === 'succeeded', 20_000)
  await page.goto(`${stack.server.url}/admin`)
  const row = page.locator(`[data-testid="site-status"] li[data-webhook="${webhookId}"]`)
  await row.waitFor({ timeout: 30_000 })
  expect(await row.getAttribute('data-status')).toBe('succeeded')
  const text = await row.innerText()
  expect(text).toContain('Static site')
  expect(text).toMatch(/succeeded \d+ (s|min) ago, \d+ ms \(HTTP 200\)/)
})

it('redelivers from the article page, and the row shows how the redelivery went without a reload', async () => {
  const { article } = await publishArticle(stack.payload, { title: 'Status check' })
  answerWith = 503
  const before = requests
  const delivered = await lastDelivery()
  const attemptsBefore = (delivered!.attempts as unknown[]).length
  await page.goto(`${stack.server.url}/admin/collections/articles/${article.id}`)
  const row = page.locator(`[data-testid="site-status"] li[data-webhook="${webhookId}"]`)
  await row.waitFor({ timeout: 30_000 })
  expect(await row.getAttribute('data-status')).toBe('succeeded')
  expect(await row.getAttribute('data-attempts')).toBe(String(attemptsBefore))
  // Nothing may reload the page from here on: a marker on the window would be gone.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true))
  await row.getByRole('button', { name: 'Redeliver' }).click()
  await row.locator('[role="status"]', { hasText: 'Queued' }).waitFor({ timeout: 15_000 })
  await row.locator('[role="status"]', { hasText: 'Redelivered: failed (HTTP 503)' }).waitFor({ timeout: 30_000 })
  expect(requests).toBe(before + 1)
  const stored = await lastDelivery()
  const attempts = stored!.attempts as { statusCode?: number }[]
  expect(stored!.id).toBe(delivered!.id)
  expect(attempts).toHaveLength(attemptsBefore + 1)
  expect(attempts.at(-1)?.statusCode).toBe(503)
  expect(stored!.status).toBe('failed')
  expect(await row.getAttribute('data-status')).toBe('failed')
  expect(await row.getAttribute('data-attempts')).toBe(String(attemptsBefore + 1))
  expect(await row.locator('[data-testid="site-status-summary"]').innerText()).toMatch(/^failed \d+ s ago, \d+ ms \(HTTP 503\)$/)
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)
})

it('shows authors no site status', async () => {
  const context = await browser.newContext()
  const authorPage = await context.newPage()
  await loginInBrowser(authorPage, stack.server.url, { email: 'author@example.com', password: 'author password long enough' })
  await authorPage.locator('.dashboard').first().waitFor({ timeout: 30_000 })
  expect(await authorPage.locator('[data-testid="site-status"]').count()).toBe(0)
  await context.close()
})

it('lists drafts the checklist holds back, with what they miss', async () => {
  const draft = await stack.payload.create({ collection: 'articles', data: { title: 'Half-written piece' }, draft: true })
  await stack.payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph('Our view.'), kind: 'opinion' } })
  const { article: complete } = await publishArticle(stack.payload, { title: 'Ready and live' })
  await page.goto(`${stack.server.url}/admin`)
  const list = page.locator('[data-testid="blocked-drafts"]')
  await list.waitFor({ timeout: 30_000 })
  const row = list.locator(`li[data-article="${draft.id}"]`)
  expect(await row.innerText()).toContain('Half-written piece')
  expect(await row.locator('[data-testid="blocked-missing"]').innerText()).toBe('Action, To Do')
  expect(await list.locator(`li[data-article="${complete.id}"]`).count()).toBe(0)
})
