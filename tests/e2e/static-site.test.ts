// The example static site in Chromium: pages built from webhooks, served from their own origin.
// A reader signs a petition across origins (inline errors first, then the thank-you state); the
// article page's JSON-LD parses in the page; axe-core finds no serious or critical violation on
// the article, index and category pages, in light and dark colour schemes.
import type { Browser, Page } from 'playwright-core'

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { startBuilder } from '../../examples/static-site/builder'
import { paragraph, publishArticle } from '../helpers/articles'
import { launchBrowser } from '../helpers/browser'
import { startTestStack, type TestStack } from '../helpers/testStack'

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/feed+json',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
}
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
/** Where the run leaves a screenshot of an article page (the README's is one of these). */
const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results')

let stack: TestStack
let builder: Awaited<ReturnType<typeof startBuilder>>
let site: http.Server
let siteUrl: string
let browser: Browser
let outDir: string
let secret = ''

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-site-'))
  // The built pages, served from their own origin, as any static host serves them.
  site = http.createServer((req, res) => {
    let file = path.join(outDir, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, ''))
    if (file.endsWith('/')) file = path.join(file, 'index.html')
    if (!file.startsWith(outDir) || !existsSync(file)) return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`
  stack = await startTestStack({ env: { CORS_ORIGINS: siteUrl, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  builder = await startBuilder({ broadsideUrl: stack.server.url, log: () => undefined, outDir, secret: () => secret, siteUrl, timeZone: 'America/New_York' })
  secret = (await stack.admin.rest('POST', '/webhooks', { events: ['*'], name: 'Site', url: `${builder.url}/webhook` })).body.doc.secret
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await builder?.close()
  await stack?.close()
  site?.close()
  rmSync(outDir, { force: true, recursive: true })
})

async function waitForFile(relative: string, holding = '') {
  const file = path.join(outDir, relative)
  const until = Date.now() + 20_000
  while (!(existsSync(file) && readFileSync(file, 'utf8').includes(holding)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200))
}

/** axe-core's violations of impact serious or critical on the page as it is now. */
async function seriousViolations(page: Page) {
  await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe
    return (await axe.run()).violations
  })
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(' ')) }))
}

let articleSlug = ''
let petitionId: number | string = ''

it('a reader signs from the article page on the static site, across origins, after fixing what the form points out', async () => {
  const category = await stack.payload.create({ collection: 'categories', data: { name: 'Flood defences' } })
  const petition = await stack.payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: 'Fix the levee' } })
  petitionId = petition.id
  const { article, sections } = await publishArticle(stack.payload, {
    categories: [category.id],
    petition: petition.id,
    source: { outlet: 'rivertimes.example.com', publishedAt: '2025-08-17T14:28:00.000Z', url: 'https://rivertimes.example.com/levee' },
    summary: 'Engineers found new cracks along the east levee after two days of rain.',
    title: 'Levee cracks after the storm',
  })
  articleSlug = article.slug!
  // Give the To Do section actions to show as cards.
  const todo = sections.find((section) => section.kind === 'todo')!
  await stack.payload.update({
    collection: 'sections',
    data: {
      actions: [
        { blockType: 'contactOfficial', email: 'engineer@county.example.gov', name: 'County Engineer', office: 'Public Works', sampleMessage: 'Please publish the levee inspection report.' },
        { blockType: 'share', hashtags: ['FixTheLevee'] },
      ],
      body: paragraph('Ask for the inspection report and share it.'),
    } as never,
    id: todo.id,
  })
  await waitForFile(`articles/${article.slug}.html`, 'Please publish the levee inspection report.')

  const page = await browser.newPage()
  await page.goto(`${siteUrl}/articles/${article.slug}.html`)
  await expect(page.locator('h1').textContent()).resolves.toBe('Levee cracks after the storm')
  // The stylesheet and script load from the site (the form and the copy button work only with them).
  await expect(page.evaluate(() => getComputedStyle(document.querySelector('.honeypot')!).position)).resolves.toBe('absolute')
  // The honeypot is off screen, out of the tab order and hidden from assistive technology.
  const honeypot = await page.locator('input[name="website"]').boundingBox()
  expect(honeypot!.x + honeypot!.width).toBeLessThan(0)
  await expect(page.locator('input[name="website"]').getAttribute('tabindex')).resolves.toBe('-1')
  await expect(page.locator('progress[data-progress]').getAttribute('max')).resolves.toBe('10')

  // Nothing filled in: each field says what it needs, and nothing is sent.
  await page.locator('button[type="submit"]').click()
  await expect(page.locator('[data-error-for="name"]').textContent()).resolves.toBe('Please give your name.')
  await expect(page.locator('input[name="email"]').getAttribute('aria-invalid')).resolves.toBe('true')
  // An email the browser lets through but Broadside refuses: its message lands beside the field.
  await page.locator('input[name="name"]').fill('Amina Reader')
  await page.locator('input[name="email"]').fill('amina@example.c')
  await page.locator('button[type="submit"]').click()
  await page.locator('[data-error-for="email"]', { hasText: 'email is not a valid email address.' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('[data-error-for="name"]').isVisible()).resolves.toBe(false)

  await page.locator('input[name="email"]').fill('amina@example.org')
  await page.locator('input[name="consent"]').check()
  await page.locator('button[type="submit"]').click()
  await page.locator('[data-result]', { hasText: 'Thank you for signing.' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('[data-count]').textContent()).resolves.toBe('1')
  await expect(page.locator('progress[data-progress]').evaluate((bar) => (bar as HTMLProgressElement).value)).resolves.toBe(1)
  await expect(page.locator('form[data-sign]').isVisible()).resolves.toBe(false)

  const { docs } = await stack.payload.find({ collection: 'signatures', where: { petition: { equals: petition.id } } })
  expect(docs).toHaveLength(1)
  expect(docs[0]).toMatchObject({ consent: true, email: 'amina@example.org', name: 'Amina Reader' })
  await page.close()
})

it('the article page carries JSON-LD that parses in the page, and a sample message to copy', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] })
  const page = await context.newPage()
  await page.goto(`${siteUrl}/articles/${articleSlug}.html`)
  const data = await page.evaluate(() => [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!)))
  const news = data.find((item) => Array.isArray(item['@type']) && item['@type'].includes('NewsArticle'))
  expect(news).toMatchObject({ headline: 'Levee cracks after the storm', isBasedOn: { publisher: { name: 'rivertimes.example.com' }, url: 'https://rivertimes.example.com/levee' } })
  // The properties schema.org's NewsArticle and Google's article rich results need, each present and well formed.
  expect(news['@context']).toBe('https://schema.org')
  expect(news['@type']).toEqual(['NewsArticle', 'OpinionNewsArticle'])
  for (const date of [news.datePublished, news.dateModified, news.isBasedOn.datePublished]) expect(new Date(date).toISOString()).toBe(date)
  expect(news.author).toMatchObject({ '@type': 'Organization', name: expect.any(String) })
  expect(news.publisher).toMatchObject({ '@type': 'Organization', name: expect.any(String), url: expect.stringMatching(/^https?:\/\//) })
  expect(news.mainEntityOfPage).toEqual({ '@id': page.url(), '@type': 'WebPage' })
  expect(news.url).toBe(page.url())
  expect(news.isBasedOn['@type']).toBe('NewsArticle')
  const breadcrumbs = data.find((item) => item['@type'] === 'BreadcrumbList')
  expect(breadcrumbs.itemListElement.map((step: { name: string }) => step.name)).toEqual(['Broadside', 'Flood defences', 'Levee cracks after the storm'])
  breadcrumbs.itemListElement.forEach((step: { '@type': string; item: string; position: number }, index: number) => {
    expect(step['@type']).toBe('ListItem')
    expect(step.position).toBe(index + 1)
    expect(new URL(step.item).href).toBe(step.item)
  })
  await expect(page.locator('.source time').textContent()).resolves.toBe('Sunday, August 17, 2025, 10:28 AM EDT')

  await page.locator('button[data-copy]').click()
  await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('Please publish the levee inspection report.')
  await context.close()
})

it('the browser finds the feeds the pages announce, and reads them (XML well formed, JSON Feed items complete)', async () => {
  const page = await browser.newPage()
  await page.goto(`${siteUrl}/articles/${articleSlug}.html`)
  const announced = await page.evaluate(() => [...document.querySelectorAll('link[rel="alternate"]')].map((link) => ({ href: (link as HTMLLinkElement).href, type: link.getAttribute('type') })))
  expect(announced.map((feed) => feed.type).sort()).toEqual(['application/atom+xml', 'application/feed+json', 'application/rss+xml'])
  for (const feed of announced) {
    const text = await page.evaluate(async (href) => (await fetch(href)).text(), feed.href)
    if (feed.type === 'application/feed+json') {
      const json = JSON.parse(text)
      expect(json.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1/)
      expect(json.items.length).toBeGreaterThan(0)
      for (const item of json.items) expect(typeof (item.content_html ?? item.content_text)).toBe('string')
    } else {
      const problems = await page.evaluate((xml) => new DOMParser().parseFromString(xml, 'application/xml').getElementsByTagName('parsererror').length, text)
      expect(problems, feed.href).toBe(0)
      expect(text).toContain('Levee cracks after the storm')
    }
  }
  await page.close()
})

it('no serious or critical accessibility violations on the article, index and category pages, light or dark', async () => {
  expect(petitionId).not.toBe('')
  await waitForFile('categories/flood-defences.html', articleSlug)
  const found: Record<string, unknown> = {}
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ colorScheme, viewport: { height: 900, width: 1200 } })
    for (const path of [`articles/${articleSlug}.html`, '', 'categories/flood-defences.html', 'categories/index.html']) {
      await page.goto(`${siteUrl}/${path}`)
      const violations = await seriousViolations(page)
      if (violations.length) found[`${colorScheme} /${path}`] = violations
    }
    await page.close()
  }
  expect(found).toEqual({})
})

it('leaves a screenshot of an article page, on a phone and on a desktop', async () => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const page = await browser.newPage({ viewport: { height: 1400, width: 1100 } })
  await page.goto(`${siteUrl}/articles/${articleSlug}.html`)
  await page.screenshot({ fullPage: true, path: path.join(SCREENSHOT_DIR, 'static-site-article.png') })
  await page.setViewportSize({ height: 800, width: 390 })
  // Nothing wider than a phone's screen: no sideways scrolling.
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390)
  await page.close()
})
