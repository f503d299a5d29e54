// A first `npm start` on an empty database shows the demo site: the seeded articles are there
// for an editor in the admin's list, published.
import type { Browser, Page } from 'playwright-core'

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { adminSession } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'

const PAGES = path.join(import.meta.dirname, '../../src/demo/pages')
// Each demo page's headline: the first line after the site's name, tagline and navigation.
const demoTitles = readdirSync(PAGES)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => readFileSync(path.join(PAGES, name), 'utf8').split('\n').filter((line) => line.trim())[3]!.trim())

let stack: TestStack
let browser: Browser
let page: Page

beforeAll(async () => {
  stack = await startTestStack({ env: { SEED_DEMO: 'true' } })
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

it('lists the demo articles, published, in the admin', async () => {
  expect(demoTitles).toHaveLength(6)
  await page.goto(`${stack.server.url}/admin/collections/articles`)
  const rows = page.locator('table tbody tr')
  await rows.first().waitFor({ state: 'visible', timeout: 30_000 })
  expect(await rows.count()).toBe(demoTitles.length)
  for (const title of demoTitles) {
    const row = rows.filter({ hasText: title })
    expect(await row.count(), title).toBe(1)
    expect(await row.getByText('Published').count(), title).toBe(1)
  }
})
