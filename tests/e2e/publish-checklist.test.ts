// The article edit view shows which sections publishing still needs, keeps the list current,
// and the Publish button is refused with the reason.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { paragraph } from '../helpers/articles'
import { adminSession } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let browser: Browser
let page: Page
let articleId: any

beforeAll(async () => {
  stack = await startTestStack()
  const article = await stack.payload.create({ collection: 'articles', data: { title: 'Incomplete story' }, draft: true })
  articleId = article.id
  await stack.payload.create({ collection: 'sections', data: { article: article.id, body: paragraph('We think…'), kind: 'opinion' } })
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const item = (kind: string) => page.locator(`[data-testid="publish-checklist"] li[data-kind="${kind}"]`)

it('shows the missing kinds of an incomplete article', async () => {
  await page.goto(`${stack.server.url}/admin/collections/articles/${articleId}`)
  await item('opinion').waitFor({ state: 'visible', timeout: 30_000 })
  expect(await item('opinion').getAttribute('data-present')).toBe('true')
  expect(await item('action').getAttribute('data-present')).toBe('false')
  expect(await item('todo').getAttribute('data-present')).toBe('false')
  expect(await item('todo').innerText()).toContain('To Do')
})

it('refuses Publish with the message naming what is missing', async () => {
  await page.locator('#action-save').click()
  await page.getByText('Publishing needs these sections: Action, To Do').first().waitFor({ state: 'visible', timeout: 30_000 })
  const stored = await stack.payload.findByID({ collection: 'articles', id: articleId })
  expect(stored._status).toBe('draft')
})

it('ticks a kind once its section is added', async () => {
  await stack.payload.create({ collection: 'sections', data: { article: articleId, body: paragraph('Do this'), kind: 'action' } })
  await page.locator('[data-testid="publish-checklist"] li[data-kind="action"][data-present="true"]').waitFor({ timeout: 30_000 })
  expect(await item('todo').getAttribute('data-present')).toBe('false')
})
