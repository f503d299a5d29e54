// A reader signs a petition from the example static site's page, in Chromium: the page is
// built from webhooks and served from its own origin, and the form posts across origins.
import type { Browser } from 'playwright-core'

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { startBuilder } from '../../examples/static-site/builder'
import { publishArticle } from '../helpers/articles'
import { launchBrowser } from '../helpers/browser'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let builder: Awaited<ReturnType<typeof startBuilder>>
let site: http.Server
let siteUrl: string
let browser: Browser
let outDir: string
let secret = ''

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-site-'))
  // The built pages, served from their own origin.
  site = http.createServer((req, res) => {
    const file = path.join(outDir, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, ''))
    if (!file.startsWith(outDir) || !existsSync(file)) return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`
  stack = await startTestStack({ env: { CORS_ORIGINS: siteUrl, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  builder = await startBuilder({ broadsideUrl: stack.server.url, outDir, secret: () => secret })
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

it('a reader signs from the article page on the static site', async () => {
  const petition = await stack.payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: 'Fix the levee' } })
  const { article } = await publishArticle(stack.payload, { petition: petition.id, title: 'Levee cracks after the storm' })
  const file = path.join(outDir, 'articles', `${article.slug}.html`)
  const until = Date.now() + 20_000
  while (!existsSync(file) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200))

  const page = await browser.newPage()
  await page.goto(`${siteUrl}/articles/${article.slug}.html`)
  await expect(page.locator('h1').textContent()).resolves.toBe('Levee cracks after the storm')
  await page.locator('input[name="name"]').fill('Amina Reader')
  await page.locator('input[name="email"]').fill('amina@example.org')
  await page.locator('input[name="consent"]').check()
  await page.locator('button[type="submit"]').click()
  await page.locator('[data-result]', { hasText: 'Thank you for signing.' }).waitFor({ timeout: 15_000 })
  await expect(page.locator('[data-count]').textContent()).resolves.toBe('1')

  const { docs } = await stack.payload.find({ collection: 'signatures', where: { petition: { equals: petition.id } } })
  expect(docs).toHaveLength(1)
  expect(docs[0]).toMatchObject({ consent: true, email: 'amina@example.org', name: 'Amina Reader' })
})
