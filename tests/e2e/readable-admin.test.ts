// The admin reads like the site it manages (issue 17, item 1): a section is named by its kind
// and article, action blocks by what they hold, and an article's sections table shows kind,
// heading and a line of text rather than the article's own title again.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { paragraph } from '../helpers/articles'
import { adminSession } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let browser: Browser
let page: Page
let articleId: number | string
let opinionId: number | string
let todoId: number | string

const LONG_OPINION =
  'Talks that stall every winter are not a failure of diplomacy but of patience, and patience is exactly what the next round will need from everyone at the table.'

beforeAll(async () => {
  stack = await startTestStack()
  const article = await stack.payload.create({ collection: 'articles', data: { title: 'Ceasefire talks resume' }, draft: true })
  articleId = article.id
  opinionId = (await stack.payload.create({ collection: 'sections', data: { article: article.id, body: paragraph(LONG_OPINION), kind: 'opinion', order: 1 } })).id
  todoId = (
    await stack.payload.create({
      collection: 'sections',
      data: {
        actions: [
          { blockType: 'contactOfficial', name: 'Nancy Pelosi', office: 'Speaker Emerita' },
          { blockType: 'petition', platform: 'Change.org', url: 'https://www.change.org/p/talks' },
          { blockType: 'share', hashtags: ['PeaceForUkraine', '#DiplomacyFirst'] },
        ],
        article: article.id,
        body: paragraph('Write to your representative.'),
        heading: 'What you can do',
        kind: 'todo',
        order: 2,
      },
    })
  ).id
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

it('stores and shows a section by its kind and its article', async () => {
  const stored = await stack.payload.findByID({ collection: 'sections', id: opinionId })
  expect(stored.title).toBe('Opinion — Ceasefire talks resume')

  await page.goto(`${stack.server.url}/admin/collections/sections/${opinionId}`)
  await page.locator('h1', { hasText: 'Opinion — Ceasefire talks resume' }).waitFor({ timeout: 30_000 })
})

it('renames the sections when the article is renamed', async () => {
  await stack.payload.update({ collection: 'articles', data: { title: 'Ceasefire talks collapse' }, draft: true, id: articleId })
  const { docs } = await stack.payload.find({ collection: 'sections', sort: 'order', where: { article: { equals: articleId } } })
  expect(docs.map((section) => section.title)).toEqual(['Opinion — Ceasefire talks collapse', 'To Do — Ceasefire talks collapse'])
})

it('labels each action block by what it holds', async () => {
  await page.goto(`${stack.server.url}/admin/collections/sections/${todoId}`)
  const labels = page.locator('[data-testid="action-label"]')
  await labels.first().waitFor({ timeout: 30_000 })
  expect(await labels.allInnerTexts()).toEqual(['01 Contact: Nancy Pelosi', '02 Petition: Change.org', '03 #PeaceForUkraine #DiplomacyFirst'])
  expect(await page.getByText('Untitled').count()).toBe(0)
})

it("lists the article's sections by kind, heading and one line of text, without the article again", async () => {
  await page.goto(`${stack.server.url}/admin/collections/articles/${articleId}`)
  await page.locator('#field-sections table').waitFor({ timeout: 30_000 })
  const excerpt = page.locator('#field-sections [data-testid="section-excerpt"]')
  await excerpt.first().waitFor({ timeout: 30_000 }).catch(async (error) => {
    throw new Error(`${error}\n${await page.locator('#field-sections').innerHTML()}`)
  })
  const table = page.locator('#field-sections table')
  const headers = (await table.locator('thead th').allInnerTexts()).map((text) => text.trim()).filter(Boolean)
  expect(headers).toEqual(expect.arrayContaining(['Kind', 'Heading', 'Body', 'Order']))
  expect(headers).not.toContain('Article')
  // No heading of its own: the kind's name; a heading: itself.
  expect(await table.locator('[data-testid="section-heading"]').allInnerTexts()).toEqual(['Opinion', 'What you can do'])
  const line = await excerpt.first().innerText()
  expect(line.endsWith('…')).toBe(true)
  expect(line.length).toBeLessThanOrEqual(90)
  expect(LONG_OPINION.startsWith(line.slice(0, -1))).toBe(true)
  expect(await table.innerText()).not.toContain('Ceasefire talks')
  expect(await table.innerText()).not.toContain('<No')
})
