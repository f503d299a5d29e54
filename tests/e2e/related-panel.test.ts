// The article's related links from its edit view (issue 17, item 2), as an editor uses them:
// the automatic list with origin, score and reason; pin, exclude and restore, move, add one of
// our articles by search and a headline from elsewhere — each checked in the stored links; an
// author sees no actions on their published article.
import type { Browser, Page } from 'playwright-core'

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Article, RelatedLink } from '../../src/payload-types'

import { paragraph, publishArticle } from '../helpers/articles'
import { adminSession, loginInBrowser } from '../helpers/browser'
import { startTestStack, type TestStack } from '../helpers/testStack'

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots')
const EDITOR = { email: 'links-editor@example.com', password: 'links editor password' }
const AUTHOR = { email: 'links-author@example.com', password: 'links author password' }
const FLOOD = 'river flood levee rain evacuation water dam overflow rescue boats shelter villages monsoon'
const floodStory = (title: string) => ({ body: paragraph(`${FLOOD} ${title}`) as Article['body'], summary: FLOOD.split(' ').slice(0, 5).join(' '), title })

let stack: TestStack
let browser: Browser
let page: Page
let owner: Article
let first: Article
let second: Article
let elsewhere: Article

beforeAll(async () => {
  stack = await startTestStack()
  await stack.payload.create({ collection: 'users', data: { ...EDITOR, name: 'Lena Editor', roles: ['editor'] } })
  const author = await stack.payload.create({ collection: 'users', data: { ...AUTHOR, name: 'Lars Author', roles: ['author'] } })
  owner = (await publishArticle(stack.payload, { ...floodStory('Levees hold on the lower river'), authors: [author.id] })).article
  first = (await publishArticle(stack.payload, floodStory('Rescue boats reach the villages'))).article
  second = (await publishArticle(stack.payload, floodStory('Dam overflow warning lifted'))).article
  elsewhere = (await publishArticle(stack.payload, { title: 'Senate filibuster stalls the budget' })).article
  ;({ browser, page } = await adminSession(stack.server.url, EDITOR))
  await page.setViewportSize({ height: 1100, width: 1400 })
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const panel = () => page.locator('[data-testid="related-panel"]')
const storedLinks = async (): Promise<RelatedLink[]> =>
  (await stack.payload.find({ collection: 'related-links', depth: 0, pagination: false, sort: 'position', where: { from: { equals: owner.id } } })).docs
const storedLinkTo = async (target: Article['id']) => (await storedLinks()).find((link) => link.to === target)!

/** Waits until the panel lists these links, in this order (ids as the page writes them). */
async function listed(ids: RelatedLink['id'][], where: 'excluded' | 'list' = 'list') {
  const selector = where === 'list' ? '[data-testid="related-panel"] ol > li[data-link]' : '[data-testid="related-excluded"] li[data-link]'
  await page
    .waitForFunction(
      ({ expected, selector }) => Array.from(document.querySelectorAll(selector)).map((row) => row.getAttribute('data-link')).join() === expected,
      { expected: ids.map(String).join(), selector },
      { timeout: 15_000 },
    )
    .catch(async (error) => {
      const shown = await page.locator(selector).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-link')))
      throw new Error(`panel (${where}) shows ${shown.join()} , expected ${ids.join()}: ${(error as Error).message}`)
    })
}

it('lists the automatic links in page order with origin, score and reason', async () => {
  const links = await storedLinks()
  expect(links.map((link) => link.origin)).toEqual(['auto', 'auto'])
  await page.goto(`${stack.server.url}/admin/collections/articles/${owner.id}`)
  await page.waitForLoadState('networkidle')
  await panel().locator('ol > li[data-link]').first().waitFor({ timeout: 30_000 })
  await listed(links.map((link) => link.id))
  const row = panel().locator(`li[data-link="${links[0]!.id}"]`)
  const text = await row.innerText()
  expect(text).toContain('automatic')
  expect(text).toContain(`score ${links[0]!.score!.toFixed(2)}`)
  const reason = links[0]!.reason as { sharedTerms: string[] }
  expect(text).toContain(`terms: ${reason.sharedTerms.join(', ')}`)
})

it('pins the second link: it moves to first place, pinned and kept by the editor', async () => {
  const [top, next] = await storedLinks()
  const title = next!.to === first.id ? first.title : second.title
  await panel().getByRole('button', { exact: true, name: `Pin ${title}` }).click()
  await listed([next!.id, top!.id])
  expect(await panel().locator(`li[data-link="${next!.id}"]`).getAttribute('data-pinned')).toBe('true')
  const stored = await storedLinks()
  expect(stored.map((link) => [link.id, link.position, link.pinned])).toEqual([
    [next!.id, 1, true],
    [top!.id, 2, false],
  ])
  expect(stored[0]!.origin).toBe('manual')
})

it('excludes a link (shown apart, never listed) and restores it', async () => {
  const [pinned, auto] = await storedLinks()
  const title = auto!.to === first.id ? first.title : second.title
  await panel().getByRole('button', { exact: true, name: `Exclude ${title}` }).click()
  await listed([pinned!.id])
  await listed([auto!.id], 'excluded')
  const excluded = await storedLinkTo(auto!.to as Article['id'])
  expect(excluded).toMatchObject({ excluded: true, id: auto!.id, origin: 'manual' })
  expect(excluded.position ?? null).toBeNull()

  await panel().getByRole('button', { exact: true, name: `Restore ${title}` }).click()
  await listed([pinned!.id, auto!.id])
  expect(await panel().locator('[data-testid="related-excluded"]').count()).toBe(0)
  expect(await storedLinkTo(auto!.to as Article['id'])).toMatchObject({ excluded: false, position: 2 })
})

it('adds one of our articles found by searching its title', async () => {
  await panel().getByLabel('Search articles by title').fill('filibuster')
  await panel().getByRole('button', { exact: true, name: 'Search' }).click()
  await panel().locator(`[data-testid="related-search-results"] li[data-article="${elsewhere.id}"]`).waitFor({ timeout: 15_000 })
  await panel().getByRole('button', { exact: true, name: `Add ${elsewhere.title}` }).click()
  await panel().locator('ol > li[data-link]').nth(2).waitFor({ timeout: 15_000 })
  const added = await storedLinkTo(elsewhere.id)
  expect(added).toMatchObject({ origin: 'manual', pinned: false, position: 3 })
  await listed((await storedLinks()).map((link) => link.id))
})

it('adds a headline from elsewhere and moves it up', async () => {
  await panel().getByLabel('External headline').fill('Levee funding doubled')
  await panel().getByLabel('External URL').fill('https://example.org/levees')
  await panel().getByLabel('Outlet').fill('River Times')
  await panel().getByRole('button', { exact: true, name: 'Add external link' }).click()
  await panel().locator('ol > li[data-link]').nth(3).waitFor({ timeout: 15_000 })
  const external = (await storedLinks()).find((link) => link.external?.title === 'Levee funding doubled')!
  expect(external).toMatchObject({ external: { outlet: 'River Times', url: 'https://example.org/levees' }, origin: 'manual', position: 4 })

  const before = (await storedLinks()).map((link) => link.id)
  await panel().getByRole('button', { exact: true, name: 'Move Levee funding doubled (River Times) up' }).click()
  const after = [...before.slice(0, 2), before[3]!, before[2]!]
  await listed(after)
  const stored = await storedLinks()
  expect(stored.map((link) => link.id)).toEqual(after)
  expect(stored.map((link) => link.position)).toEqual([1, 2, 3, 4])
  // The pinned link stays first: moves stay within their part of the list.
  const pinnedTitle = stored[0]!.to === first.id ? first.title : second.title
  expect(await panel().getByRole('button', { exact: true, name: `Move ${pinnedTitle} down` }).isDisabled()).toBe(true)
  // The article's Related links table below the panel follows without a reload: four rows, the headline third.
  await page
    .waitForFunction(
      () => {
        const rows = Array.from(document.querySelectorAll('#field-relatedLinks tbody tr')).map((row) => row.textContent ?? '')
        return rows.length === 4 && rows.findIndex((text) => text.includes('Levee funding doubled')) === 2
      },
      undefined,
      { timeout: 15_000 },
    )
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nthe Related links table shows ${JSON.stringify(await page.locator('#field-relatedLinks tbody tr').allInnerTexts())}`)
    })
})

it('leaves a screenshot of the panel', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await panel().scrollIntoViewIfNeeded()
  await panel().screenshot({ path: path.join(SCREENSHOTS, 'related-links.png') })
})

it('offers an author no action on their published article', async () => {
  const context = await browser.newContext()
  const authorPage = await context.newPage()
  try {
    await loginInBrowser(authorPage, stack.server.url, AUTHOR)
    await authorPage.goto(`${stack.server.url}/admin/collections/articles/${owner.id}`)
    await authorPage.waitForLoadState('networkidle')
    const authorPanel = authorPage.locator('[data-testid="related-panel"]')
    await authorPanel.locator('[data-testid="related-read-only"]').waitFor({ timeout: 30_000 })
    expect(await authorPanel.locator('ol > li[data-link]').count()).toBe(4)
    expect(await authorPanel.locator('button').count()).toBe(0)
    expect(await authorPanel.locator('input').count()).toBe(0)
  } finally {
    await context.close()
  }
})
