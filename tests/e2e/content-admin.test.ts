// Editors find the content types grouped in the admin, and see an article's sections and
// related links from the article itself.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { publishArticle } from '../helpers/articles'
import { adminSession } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let browser: Browser
let page: Page
let articleId: number | string

beforeAll(async () => {
  stack = await startTestStack()
  const { article, sections } = await publishArticle(stack.payload, { title: 'Article with parts' })
  articleId = article.id
  await stack.payload.update({ collection: 'sections', data: { heading: 'Our opinion on it' }, id: sections[0]!.id })
  await stack.payload.create({
    collection: 'related-links',
    data: { external: { outlet: 'example.org', title: 'A headline elsewhere' }, from: article.id, position: 1 },
  })
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

it('groups the collections into Content, Engagement and Settings', async () => {
  const dashboard = page.locator('.dashboard')
  await dashboard.waitFor({ state: 'visible', timeout: 30_000 })
  for (const group of ['Content', 'Engagement', 'Settings']) {
    expect(await dashboard.getByText(group, { exact: true }).count(), group).toBeGreaterThan(0)
  }
})

it("shows an article's sections and related links in its edit view", async () => {
  await page.goto(`${stack.server.url}/admin/collections/articles/${articleId}`)
  const sections = page.locator('#field-sections')
  await sections.waitFor({ state: 'visible', timeout: 30_000 })
  await sections.getByText('Our opinion on it').waitFor({ state: 'visible', timeout: 30_000 })
  const linkRows = page.locator('#field-relatedLinks tbody tr')
  await linkRows.first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await linkRows.count()).toBe(1)
})
