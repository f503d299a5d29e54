// Import from the admin (issue 17, item 4): an editor opens "Import pages" from the navigation,
// uploads saved pages, reads the dry-run report of each (what it creates, its categories, typed
// actions, related titles; a file that is not a page, or holds a value its save would refuse,
// named with its problems, and nothing imported while it is there), then imports with publishing. Leaves the README's screenshot.
import type { Browser, Page } from 'playwright-core'

import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { adminSession, loginInBrowser } from '../helpers/browser'
import { startTestStack, type TestStack } from '../helpers/testStack'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import')
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots')
const EDITOR = { email: 'import-editor@example.com', password: 'import editor password' }
const AUTHOR = { email: 'import-author@example.com', password: 'import author password' }
const FULL_TITLE = 'Brackenridge council approves transit levy after seven-hour hearing'

let stack: TestStack
let browser: Browser
let page: Page

beforeAll(async () => {
  stack = await startTestStack()
  await stack.payload.create({ collection: 'users', data: { ...EDITOR, name: 'Ida Importer', roles: ['editor'] } })
  await stack.payload.create({ collection: 'users', data: { ...AUTHOR, name: 'Abe Author', roles: ['author'] } })
  ;({ browser, page } = await adminSession(stack.server.url, EDITOR))
  // Wide enough for Payload to keep its navigation open (narrower screens fold it away).
  await page.setViewportSize({ height: 1100, width: 1600 })
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const fileInput = () => page.locator('[data-testid="import-pages"] input[type="file"]')
const report = (testId: string, file: string) => page.locator(`[data-testid="${testId}"] article[data-file="${file}"]`)
const articleCount = async () => (await stack.payload.count({ collection: 'articles' })).totalDocs

it('opens from the navigation', async () => {
  await page.goto(`${stack.server.url}/admin`)
  await page.waitForLoadState('networkidle')
  await page.locator('[data-testid="nav-import-pages"]').click()
  await page.waitForURL(`${stack.server.url}/admin/import-pages`, { timeout: 30_000 })
  await fileInput().waitFor({ timeout: 30_000 })
  expect(await page.locator('h1').innerText()).toBe('Import pages')
})

it('names a file that is not a page with its problems and offers no import', async () => {
  await page.waitForLoadState('networkidle')
  await fileInput().setInputFiles([path.join(FIXTURES, 'full-page.txt'), path.join(FIXTURES, 'not-a-page.txt')])
  await page.getByRole('button', { name: 'Check files' }).click()
  const bad = report('import-dry-run', 'not-a-page.txt')
  await bad.waitFor({ timeout: 30_000 })
  expect(await bad.getAttribute('data-status')).toBe('failed')
  expect(await bad.locator('[data-testid="page-problems"]').innerText()).toContain('no "<outlet> -- <date>" line')
  expect(await page.locator('[data-testid="import-dry-run"]').getAttribute('data-ok')).toBe('false')
  expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0)
  expect(await articleCount()).toBe(0)
})

it('names a page holding a value its save would refuse, with the field, and offers no import', async () => {
  const withNul = readFileSync(path.join(FIXTURES, 'full-page.txt'), 'utf8').replace('voted 5-4 late Tuesday', 'voted 5-4\u0000 late Tuesday')
  await fileInput().setInputFiles([
    { buffer: readFileSync(path.join(FIXTURES, 'opinion-only.txt')), mimeType: 'text/plain', name: 'opinion-only.txt' },
    { buffer: Buffer.from(withNul), mimeType: 'text/plain', name: 'nul.txt' },
  ])
  await page.getByRole('button', { name: 'Check files' }).click()
  const bad = report('import-dry-run', 'nul.txt')
  await bad.waitFor({ timeout: 30_000 })
  expect(await bad.getAttribute('data-status')).toBe('failed')
  expect(await bad.locator('[data-testid="page-problems"]').innerText()).toMatch(/article summary: must not contain the NUL character/)
  expect(await report('import-dry-run', 'opinion-only.txt').getAttribute('data-status')).toBe('created')
  expect(await page.getByRole('button', { name: /^Import \d/ }).count()).toBe(0)
  expect(await articleCount()).toBe(0)
})

it('shows the dry run of good pages: new articles, categories, typed actions, related titles', async () => {
  await fileInput().setInputFiles([path.join(FIXTURES, 'full-page.txt'), path.join(FIXTURES, 'opinion-only.txt')])
  await page.getByRole('button', { name: 'Check files' }).click()
  const full = report('import-dry-run', 'full-page.txt')
  await full.waitFor({ timeout: 30_000 })
  expect(await full.getAttribute('data-status')).toBe('created')
  expect(await full.innerText()).toContain(FULL_TITLE)
  expect(await full.locator('[data-testid="page-categories"]').innerText()).toContain('Local Government (new)')
  const actions = await full.locator('[data-testid="page-actions"]').innerText()
  expect(actions).toContain('Petition: Change.org')
  expect(actions).toContain('#FundTheBus')
  expect(await full.locator('[data-testid="page-related"]').innerText()).toContain('Bus riders pack council chambers as transit levy heads to voters')
  expect(await page.locator('[data-testid="import-dry-run-summary"]').innerText()).toBe('2 pages: 2 will be created, 0 will be updated, 0 cannot be imported.')
  expect(await articleCount()).toBe(0)

  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ fullPage: true, path: path.join(SCREENSHOTS, 'import-pages.png') })
})

it('imports with publishing: a complete page goes live, one missing sections stays a draft with the reason', async () => {
  await page.getByLabel('Publish after importing').check()
  await page.getByRole('button', { name: 'Import 2 pages' }).click()
  const full = report('import-result', 'full-page.txt')
  await full.waitFor({ timeout: 60_000 })
  expect(await full.locator('[data-testid="page-published"]').innerText()).toBe(', published')
  const partial = report('import-result', 'opinion-only.txt')
  expect(await partial.locator('[data-testid="page-published"]').innerText()).toBe(', kept as a draft')
  expect(await partial.locator('[data-testid="page-problems"]').innerText()).toContain('Publishing needs these sections')

  const live = await stack.payload.find({ collection: 'articles', where: { title: { equals: FULL_TITLE } } })
  expect(live.docs).toHaveLength(1)
  expect(live.docs[0]!._status).toBe('published')
  const sections = await stack.payload.find({ collection: 'sections', depth: 0, where: { article: { equals: live.docs[0]!.id } } })
  expect(sections.docs.map((section) => section.kind).sort()).toEqual(['action', 'opinion', 'todo'])
  expect(await articleCount()).toBe(2)
  const drafts = await stack.payload.find({ collection: 'articles', draft: true, where: { _status: { equals: 'draft' } } })
  expect(drafts.totalDocs).toBe(1)
})

it('offers authors neither the link nor the form', async () => {
  const context = await browser.newContext({ viewport: { height: 1100, width: 1600 } })
  const authorPage = await context.newPage()
  try {
    await loginInBrowser(authorPage, stack.server.url, AUTHOR)
    await authorPage.waitForLoadState('networkidle')
    await authorPage.locator('nav a[href="/admin/collections/articles"]').first().waitFor({ timeout: 30_000 })
    expect(await authorPage.locator('[data-testid="nav-import-pages"]').count()).toBe(0)
    await authorPage.goto(`${stack.server.url}/admin/import-pages`)
    await authorPage.locator('[data-testid="import-not-allowed"]').waitFor({ timeout: 30_000 })
    expect(await authorPage.locator('input[type="file"]').count()).toBe(0)
  } finally {
    await context.close()
  }
})
