// The example static site rebuilds from Broadside's webhooks: pages appear on publish with
// their sections, related articles and a working signing form, and go on unpublish.
import type { Payload } from 'payload'

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildAll, startBuilder } from '../../examples/static-site/builder'
import { type Api } from '../helpers/api'
import { publishArticle } from '../helpers/articles'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

const SITE_ORIGIN = 'http://127.0.0.1'
let stack: TestStack
let payload: Payload
let admin: Api
let builder: Awaited<ReturnType<typeof startBuilder>>
let outDir: string
let secret = ''

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-site-'))
  stack = await startTestStack({ env: { CORS_ORIGINS: SITE_ORIGIN, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  ;({ admin, payload } = stack)
  builder = await startBuilder({ broadsideUrl: stack.server.url, outDir, secret: () => secret })
  const created = await admin.rest('POST', '/webhooks', { events: ['*'], name: 'Example site', url: `${builder.url}/webhook` })
  secret = created.body.doc.secret
})
afterAll(async () => {
  await builder?.close()
  await stack?.close()
  rmSync(outDir, { force: true, recursive: true })
})

const page = (slug: string) => path.join(outDir, 'articles', `${slug}.html`)

describe('example static site', () => {
  it('builds a page on publish, with sections, related articles and a signing form that works', async () => {
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 100, title: 'Protect the river' } })
    const rivers = await payload.create({ collection: 'categories', data: { name: 'Rivers' } })
    const { article: first } = await publishArticle(payload, { categories: [rivers.id], petition: petition.id, title: 'River flood levee rain evacuation' })
    const { article: second } = await publishArticle(payload, { petition: petition.id, summary: 'levee rain evacuation again', title: 'River flood levee rescue' })
    const publishedAt = Date.now()
    await until(() => existsSync(page(second.slug!)) && readFileSync(page(second.slug!), 'utf8').includes('River flood levee rescue'))
    // The endpoint's window is 0 s (event mode): the page is there within 5 s of the publish.
    expect(Date.now() - publishedAt).toBeLessThan(5_000)
    await until(() => existsSync(page(first.slug!)))
    await until(() => /\d+ Related Articles?</.test(readFileSync(page(first.slug!), 'utf8')))
    const html = readFileSync(page(first.slug!), 'utf8')
    expect(html).toContain('<h1>River flood levee rain evacuation</h1>')
    expect(html).toContain('Our opinion on River flood levee rain evacuation')
    // Each section is headed by its kind's name, as the sections plugin defines it.
    for (const heading of ['Opinion', 'Action', 'To Do']) expect(html).toContain(`<h2>${heading}</h2>`)
    expect(html).not.toMatch(/<h2>(opinion|action|todo)<\/h2>/)
    expect(html).toContain(`href="${second.slug}.html"`)
    expect(html).toContain(`action="${stack.server.url}/api/petitions/${petition.id}/sign"`)
    expect(html).toContain('name="website"')
    expect(html).toContain('href="../categories/rivers.html"')

    // The index lists both; the category page only the article in it; the site serves them all.
    await until(() => existsSync(path.join(outDir, 'index.html')) && readFileSync(path.join(outDir, 'index.html'), 'utf8').includes(second.slug!))
    const index = await fetch(`${builder.url}/`).then((response) => response.text())
    expect(index).toContain(`href="articles/${first.slug}.html"`)
    expect(index).toContain(`href="articles/${second.slug}.html"`)
    const category = await fetch(`${builder.url}/categories/rivers.html`)
    expect(category.status).toBe(200)
    const categoryHtml = await category.text()
    expect(categoryHtml).toContain(`href="../articles/${first.slug}.html"`)
    expect(categoryHtml).not.toContain(second.slug!)
    const served = await fetch(`${builder.url}/articles/${first.slug}.html`)
    expect(served.status).toBe(200)
    expect(await served.text()).toContain('<h1>River flood levee rain evacuation</h1>')

    // What the form's script sends, from the site's origin, is accepted.
    const signed = await fetch(`${stack.server.url}/api/petitions/${petition.id}/sign`, {
      body: JSON.stringify({ consent: true, email: 'reader@example.org', name: 'Reader', showName: false, website: '' }),
      headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN },
      method: 'POST',
    })
    expect(signed.status).toBe(202)
    expect(signed.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN)
    expect(await signed.json()).toEqual({})
  })

  it('removes the page when the article is unpublished', async () => {
    const { article } = await publishArticle(payload, { title: 'Short lived story' })
    await until(() => existsSync(page(article.slug!)))
    await payload.update({ collection: 'articles', data: { _status: 'draft' }, id: article.id })
    await until(() => !existsSync(page(article.slug!)))
    // …and so does its entry in the index (rebuilt right after).
    await until(() => !readFileSync(path.join(outDir, 'index.html'), 'utf8').includes(article.slug!))
  })

  it('runs with one command: signs in, creates its webhook, builds every page, then keeps them current', async () => {
    const siteDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-one-command-'))
    const child = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', 'examples/static-site/builder.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ADMIN_EMAIL: STACK_ADMIN.email, ADMIN_PASSWORD: STACK_ADMIN.password, BROADSIDE_URL: stack.server.url, OUT_DIR: siteDir, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    try {
      await until(() => /Static site on (http:\/\/\S+)\//.test(output), 30_000)
      const siteUrl = /Static site on (http:\/\/\S+)\//.exec(output)![1]!
      // Articles published before it started are there from the first build.
      expect(await fetch(`${siteUrl}/articles/river-flood-levee-rescue.html`).then((response) => response.status)).toBe(200)
      const { article } = await publishArticle(payload, { title: 'Published after the site started' })
      await until(() => existsSync(path.join(siteDir, 'articles', `${article.slug}.html`)))
      // The index is rebuilt right after the article's page.
      await until(() => readFileSync(path.join(siteDir, 'index.html'), 'utf8').includes(`articles/${article.slug}.html`))
      expect(await fetch(`${siteUrl}/`).then((response) => response.text())).toContain(`articles/${article.slug}.html`)
      // Stopped the way a service manager stops it: it finishes what it is writing and exits 0.
      const exited = new Promise<null | number>((resolve) => child.once('exit', (code) => resolve(code)))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
      rmSync(siteDir, { force: true, recursive: true })
    }
  })

  it('keeps its default output folder out of git', () => {
    const ignored = spawnSync('git', ['check-ignore', '--quiet', 'site/index.html'], { cwd: path.resolve(import.meta.dirname, '../..') })
    expect(ignored.status).toBe(0)
  })

  it('builds each article page with one request to the page endpoint', async () => {
    const siteDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-one-request-'))
    const requested: string[] = []
    const realFetch = globalThis.fetch
    globalThis.fetch = (input, init) => {
      requested.push(input instanceof Request ? input.url : String(input))
      return realFetch(input, init)
    }
    try {
      await buildAll({ broadsideUrl: stack.server.url, outDir: siteDir })
    } finally {
      globalThis.fetch = realFetch
      rmSync(siteDir, { force: true, recursive: true })
    }
    // The listings read the site settings and the article and category lists once; every page is one request.
    const listings = requested.filter((url) => /\/api\/(articles|categories|globals\/site-settings)\?/.test(url))
    const pages = requested.filter((url) => !listings.includes(url))
    const published = await payload.count({ collection: 'articles', where: { _status: { equals: 'published' } } })
    expect(pages).toHaveLength(published.totalDocs)
    for (const url of pages) expect(url).toMatch(/\/api\/articles\/page\/[^/?]+$/)
  })

  it('refuses a delivery that is not signed with its secret', async () => {
    const forged = await fetch(`${builder.url}/webhook`, {
      body: JSON.stringify({ data: { items: [{ collection: 'articles', id: 1, type: 'article.published' }] }, timestamp: new Date().toISOString(), type: 'article.published' }),
      headers: { 'Content-Type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-signature': 'v1,AAAA', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) },
      method: 'POST',
    })
    expect(forged.status).toBe(401)
  })
})
