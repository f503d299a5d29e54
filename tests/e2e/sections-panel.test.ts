// The article's sections from its edit view (issue 17, item 3): the kinds the publish checklist
// misses are added in one click (a drawer on a new section of that kind, already linked to the
// article) and tick once saved; Move up/down rewrite the sections' order; an author sees no
// buttons on a published article of theirs. Leaves the README's screenshot of the edit view.
import type { Browser, Page } from 'playwright-core'

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import type { User } from '../../src/payload-types'

import { paragraph, publishArticle } from '../helpers/articles'
import { adminSession, loginInBrowser, typeInRichText } from '../helpers/browser'
import { startTestStack, type TestStack } from '../helpers/testStack'

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots')
const EDITOR = { email: 'panel-editor@example.com', password: 'panel editor password' }
const AUTHOR = { email: 'panel-author@example.com', password: 'panel author password' }

let stack: TestStack
let browser: Browser
let page: Page
let articleId: number | string
let authorId: User['id']

beforeAll(async () => {
  stack = await startTestStack()
  await stack.payload.create({ collection: 'users', data: { ...EDITOR, name: 'Edna Editor', roles: ['editor'] } })
  authorId = (await stack.payload.create({ collection: 'users', data: { ...AUTHOR, name: 'Arlo Author', roles: ['author'] } })).id
  const article = await stack.payload.create({ collection: 'articles', data: { title: 'Night buses return to the valley' }, draft: true })
  articleId = article.id
  await stack.payload.create({ collection: 'sections', data: { article: articleId, body: paragraph('A modest levy, well spent.'), heading: 'Our view', kind: 'opinion', order: 1 } })
  await stack.payload.create({ collection: 'sections', data: { article: articleId, body: paragraph('Read the measure.'), kind: 'todo', order: 2 } })
  ;({ browser, page } = await adminSession(stack.server.url, EDITOR))
  await page.setViewportSize({ height: 1100, width: 1400 })
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const panel = () => page.locator('[data-testid="sections-panel"]')
const storedSections = async () =>
  (await stack.payload.find({ collection: 'sections', depth: 0, sort: 'order', where: { article: { equals: articleId } } })).docs
/** The article's Sections table (Payload's join field) as it is drawn: each row's one-line excerpt, in order. */
const waitForTableExcerpts = (expected: string[]) =>
  page
    .waitForFunction(
      (want) =>
        Array.from(document.querySelectorAll('#field-sections tbody tr [data-testid="section-excerpt"]'))
          .map((cell) => cell.textContent?.trim())
          .join('|') === want,
      expected.join('|'),
      { timeout: 15_000 },
    )
    .catch(async (error: Error) => {
      const shown = await page.locator('#field-sections tbody tr [data-testid="section-excerpt"]').allInnerTexts()
      throw new Error(`${error.message}\nthe Sections table shows ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`)
    })
const OPINION = 'A modest levy, well spent.'
const TODO = 'Read the measure.'
const ACTION = 'Go to the town hall on Thursday.'
const panelKinds = () => panel().locator('li[data-kind]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))

it('adds the missing Action section from the checklist in a drawer, linked to the article', async () => {
  await page.goto(`${stack.server.url}/admin/collections/articles/${articleId}`)
  await page.waitForLoadState('networkidle')
  const add = panel().locator('button[data-add-kind="action"]')
  await add.waitFor({ timeout: 30_000 })
  // Only what is missing is offered.
  expect(await panel().locator('button[data-add-kind]').count()).toBe(1)
  expect(await add.innerText()).toBe('Add Action')
  await add.click()

  const drawer = page.locator('.drawer--is-open')
  const body = drawer.locator('[contenteditable="true"]').first()
  await body.waitFor({ timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  await typeInRichText(page, body, ACTION)
  await drawer.locator('#action-save').click()

  await page.locator('[data-testid="publish-checklist"] li[data-kind="action"][data-present="true"]').waitFor({ timeout: 30_000 })
  await panel().locator('li[data-kind="action"]').waitFor({ timeout: 15_000 })
  expect(await panel().locator('button[data-add-kind]').count()).toBe(0)
  const action = (await storedSections()).find((section) => section.kind === 'action')
  expect(action).toBeDefined()
  expect(action!.article).toEqual(articleId)
  expect(action!.order).toBe(3)
  expect(JSON.stringify(action!.body)).toContain('Go to the town hall on Thursday.')
  // The article's Sections table below shows it too, without a reload.
  await waitForTableExcerpts([OPINION, TODO, ACTION])
})

it('moves a section up and stores the new order', async () => {
  expect(await panelKinds()).toEqual(['opinion', 'todo', 'action'])
  await panel().getByRole('button', { name: 'Move Action up' }).click()
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll('[data-testid="sections-panel"] li[data-kind]')).map((row) => row.getAttribute('data-kind')).join() === 'opinion,action,todo',
    undefined,
    { timeout: 15_000 },
  )
  expect((await storedSections()).map((section) => [section.kind, section.order])).toEqual([
    ['opinion', 1],
    ['action', 2],
    ['todo', 3],
  ])
  // Payload's Sections table follows without a reload (it kept the old order before).
  await waitForTableExcerpts([OPINION, ACTION, TODO])
  await panel().getByRole('button', { name: 'Move Opinion down' }).click()
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll('[data-testid="sections-panel"] li[data-kind]')).map((row) => row.getAttribute('data-kind')).join() === 'action,opinion,todo',
    undefined,
    { timeout: 15_000 },
  )
  expect((await storedSections()).map((section) => section.kind)).toEqual(['action', 'opinion', 'todo'])
  await waitForTableExcerpts([ACTION, OPINION, TODO])
  expect(await panel().getByRole('button', { name: 'Move Action up' }).isDisabled()).toBe(true)
})

it('leaves a screenshot of the article edit view', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.reload()
  await page.waitForLoadState('networkidle')
  await page.locator('[data-testid="publish-checklist"] li[data-kind="todo"][data-present="true"]').waitFor({ timeout: 30_000 })
  await panel().locator('li[data-kind="todo"]').waitFor({ timeout: 15_000 })
  await page.screenshot({ fullPage: true, path: path.join(SCREENSHOTS, 'article-edit.png') })
})

it('offers an author nothing to change on their published article, and reordering on their draft', async () => {
  const { article: published } = await publishArticle(stack.payload, { authors: [authorId], title: 'Levy passes' })
  const draft = await stack.payload.create({ collection: 'articles', data: { authors: [authorId], title: 'Levy draft' }, draft: true })
  await stack.payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph('Ours.'), kind: 'opinion', order: 1 } })
  await stack.payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph('Do.'), kind: 'action', order: 2 } })
  const context = await browser.newContext()
  const authorPage = await context.newPage()
  try {
    await loginInBrowser(authorPage, stack.server.url, AUTHOR)
    const authorPanel = authorPage.locator('[data-testid="sections-panel"]')

    await authorPage.goto(`${stack.server.url}/admin/collections/articles/${published.id}`)
    await authorPage.waitForLoadState('networkidle')
    await authorPanel.locator('[data-testid="sections-read-only"]').waitFor({ timeout: 30_000 })
    expect(await authorPanel.locator('li[data-kind]').count()).toBe(3)
    expect(await authorPanel.locator('button').count()).toBe(0)

    await authorPage.goto(`${stack.server.url}/admin/collections/articles/${draft.id}`)
    await authorPage.waitForLoadState('networkidle')
    await authorPanel.locator('button[data-add-kind="todo"]').waitFor({ timeout: 30_000 })
    await authorPanel.getByRole('button', { name: 'Move Action up' }).click()
    await authorPage.waitForFunction(
      () => document.querySelector('[data-testid="sections-panel"] li[data-kind]')?.getAttribute('data-kind') === 'action',
      undefined,
      { timeout: 15_000 },
    )
    const { docs } = await stack.payload.find({ collection: 'sections', depth: 0, sort: 'order', where: { article: { equals: draft.id } } })
    expect(docs.map((section) => section.kind)).toEqual(['action', 'opinion'])
  } finally {
    await context.close()
  }
})

it('follows a section saved in the Sections table’s own drawer: the kind is no longer offered', async () => {
  const fresh = await stack.payload.create({ collection: 'articles', data: { title: 'Ferry timetable changes' }, draft: true })
  await page.goto(`${stack.server.url}/admin/collections/articles/${fresh.id}`)
  await page.waitForLoadState('networkidle')
  const addOpinion = panel().locator('button[data-add-kind="opinion"]')
  await addOpinion.waitFor({ timeout: 30_000 })
  await page.locator('#field-sections').getByRole('button', { name: 'Add new' }).first().click()
  const drawer = page.locator('.drawer--is-open')
  const kind = drawer.locator('#field-kind')
  await kind.waitFor({ timeout: 30_000 })
  await page.waitForLoadState('networkidle')
  await kind.click()
  await page.getByRole('option', { name: 'Opinion' }).first().click()
  await typeInRichText(page, drawer.locator('[contenteditable="true"]').first(), 'Our view, typed in the table’s drawer.')
  await drawer.locator('#action-save').click()
  await expect.poll(async () => (await stack.payload.count({ collection: 'sections', where: { article: { equals: fresh.id } } })).totalDocs, { timeout: 15_000 }).toBe(1)
  // The panel reads its list again: Opinion is there, and no longer offered.
  await panel().locator('li[data-kind="opinion"]').waitFor({ timeout: 15_000 })
  expect(await addOpinion.count()).toBe(0)
})
