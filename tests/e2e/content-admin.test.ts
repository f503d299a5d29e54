// Editors find the content types grouped in the admin, and see an article's sections and
// related links from the article itself.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { publishArticle } from '../helpers/articles'
import { launchBrowser } from '../helpers/browser'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'

const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e admin password' }
let server: TestServer
let local: TestPayload
let browser: Browser
let page: Page
let articleId: number | string

beforeAll(async () => {
  server = await startTestServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } })
  local = await startTestPayload({ database: server.database })
  const { article, sections } = await publishArticle(local.payload, { title: 'Article with parts' })
  articleId = article.id
  await local.payload.update({ collection: 'sections', data: { heading: 'Our opinion on it' }, id: sections[0]!.id })
  await local.payload.create({
    collection: 'related-links',
    data: { external: { outlet: 'example.org', title: 'A headline elsewhere' }, from: article.id, position: 1 },
  })
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

it('groups the collections into Content, Engagement and Settings', async () => {
  const dashboard = page.locator('.dashboard')
  await dashboard.waitFor({ state: 'visible', timeout: 30_000 })
  for (const group of ['Content', 'Engagement', 'Settings']) {
    expect(await dashboard.getByText(group, { exact: true }).count(), group).toBeGreaterThan(0)
  }
})

it("shows an article's sections and related links in its edit view", async () => {
  await page.goto(`${server.url}/admin/collections/articles/${articleId}`)
  const sections = page.locator('#field-sections')
  await sections.waitFor({ state: 'visible', timeout: 30_000 })
  await sections.getByText('Our opinion on it').waitFor({ state: 'visible', timeout: 30_000 })
  const linkRows = page.locator('#field-relatedLinks tbody tr')
  await linkRows.first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await linkRows.count()).toBe(1)
})
