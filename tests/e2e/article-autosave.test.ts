// An editor who opens a new article, types its title and waits finds that title stored by
// autosave (the draft autosave created once held `title: null`), with the slug derived from it.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { adminSession } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

let stack: TestStack
let browser: Browser
let page: Page

beforeAll(async () => {
  stack = await startTestStack()
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const TITLE = 'Floodwater reaches the old mill'

it('stores the title typed on the create page once autosave has run', async () => {
  await page.goto(`${stack.server.url}/admin/collections/articles/create`)
  // With autosave, the create page makes the (empty) draft at once and the router moves to its
  // edit page and builds the form state again; typing starts once that has settled, as a person's
  // would. CI once found no title stored 15 s after typing: the autosave answers are kept so that
  // a failure says whether autosave ran and what it was told.
  const saves: string[] = []
  page.on('response', (response) => {
    if (response.request().method() === 'PATCH') saves.push(`${response.status()} ${response.url().replace(/^.*\/api/, '')}`)
  })
  await page.waitForURL(/\/admin\/collections\/articles\/\d+/, { timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  const id = Number(/\/articles\/(\d+)/.exec(page.url())![1])
  const title = page.locator('#field-title')
  await title.waitFor({ state: 'visible', timeout: 30_000 })
  // Typed as a person types, key by key, then left alone for autosave (every 2 s) to pick up.
  await title.pressSequentially(TITLE, { delay: 40 })
  expect(await title.inputValue()).toBe(TITLE)
  // The latest draft holds it once autosave has run…
  const latest = async () => stack.payload.findByID({ collection: 'articles', draft: true, id })
  await until(async () => (await latest()).title === TITLE).catch(() => undefined)
  expect((await latest()).title, `autosave requests: ${saves.join(', ') || 'none'}; input holds ${await title.inputValue()}`).toBe(TITLE)
  // …and so does the article itself, as every other read finds it (the API without `draft`,
  // the pickers that link a section or a related link to it): the title is stored.
  const stored = (await stack.admin.rest('GET', `/articles/${id}?depth=0`)).body
  expect(stored.title).toBe(TITLE)
  expect(stored.slug).toBe('floodwater-reaches-the-old-mill')
  expect(stored._status).toBe('draft')
  expect((await stack.admin.rest('GET', `/articles?depth=0&where[title][equals]=${encodeURIComponent(TITLE)}`)).body.totalDocs).toBe(1)
  // And the page shows it after a reload.
  await page.reload()
  await title.waitFor({ state: 'visible', timeout: 30_000 })
  expect(await title.inputValue()).toBe(TITLE)
})
