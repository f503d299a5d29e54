// The article edit view shows which sections publishing still needs, keeps the list current,
// and the Publish button is refused with the reason.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { paragraph } from '../helpers/articles'
import { launchBrowser } from '../helpers/browser'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'

const ADMIN = { email: 'checklist-admin@example.com', password: 'checklist admin password' }
let server: TestServer
let local: TestPayload
let browser: Browser
let page: Page
let articleId: any

beforeAll(async () => {
  server = await startTestServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } })
  local = await startTestPayload({ database: server.database })
  const article = await local.payload.create({ collection: 'articles', data: { title: 'Incomplete story' }, draft: true })
  articleId = article.id
  await local.payload.create({ collection: 'sections', data: { article: article.id, body: paragraph('We think…'), kind: 'opinion' } })
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(`${server.url}/admin/login`)
  await page.locator('#field-email').fill(ADMIN.email)
  await page.locator('#field-password').fill(ADMIN.password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL(`${server.url}/admin`, { timeout: 30_000 })
})
afterAll(async () => {
  await browser?.close()
  await local?.close()
  await server?.stop()
})

const item = (kind: string) => page.locator(`[data-testid="publish-checklist"] li[data-kind="${kind}"]`)

it('shows the missing kinds of an incomplete article', async () => {
  await page.goto(`${server.url}/admin/collections/articles/${articleId}`)
  await item('opinion').waitFor({ state: 'visible', timeout: 30_000 })
  expect(await item('opinion').getAttribute('data-present')).toBe('true')
  expect(await item('action').getAttribute('data-present')).toBe('false')
  expect(await item('todo').getAttribute('data-present')).toBe('false')
  expect(await item('todo').innerText()).toContain('To Do')
})

it('refuses Publish with the message naming what is missing', async () => {
  await page.locator('#action-save').click()
  await page.getByText('Publishing needs these sections: Action, To Do').first().waitFor({ state: 'visible', timeout: 30_000 })
  const stored = await local.payload.findByID({ collection: 'articles', id: articleId })
  expect(stored._status).toBe('draft')
})

it('ticks a kind once its section is added', async () => {
  await local.payload.create({ collection: 'sections', data: { article: articleId, body: paragraph('Do this'), kind: 'action' } })
  await page.locator('[data-testid="publish-checklist"] li[data-kind="action"][data-present="true"]').waitFor({ timeout: 30_000 })
  expect(await item('todo').getAttribute('data-present')).toBe('false')
})
