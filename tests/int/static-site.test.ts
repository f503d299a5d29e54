// The example static site rebuilds from Broadside's webhooks: pages appear on publish with
// their sections, related articles and a working signing form, and go on unpublish.
import type { Payload } from 'payload'

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Parser from 'rss-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { BuildReport } from '../../examples/static-site/staticSite'

import { buildAll, startBuilder } from '../../examples/static-site/builder'
import { type Api } from '../helpers/api'
import { paragraph, publishArticle } from '../helpers/articles'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

const SITE_ORIGIN = 'http://127.0.0.1'
let stack: TestStack
let payload: Payload
let admin: Api
let builder: Awaited<ReturnType<typeof startBuilder>>
let outDir: string
let secret = ''
const reports: (BuildReport & { delivery?: string })[] = []

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-site-'))
  stack = await startTestStack({ env: { CORS_ORIGINS: SITE_ORIGIN, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } })
  ;({ admin, payload } = stack)
  builder = await startBuilder({
    broadsideUrl: stack.server.url,
    log: (report) => reports.push(report),
    outDir,
    pageSize: 2,
    secret: () => secret,
    siteUrl: 'https://news.example.org',
    timeZone: 'America/New_York',
  })
  const created = await admin.rest('POST', '/webhooks', { events: ['*'], name: 'Example site', url: `${builder.url}/webhook` })
  secret = created.body.doc.secret
})
afterAll(async () => {
  await builder?.close()
  await stack?.close()
  rmSync(outDir, { force: true, recursive: true })
})

const page = (slug: string) => path.join(outDir, 'articles', `${slug}.html`)
const read = (file: string) => readFileSync(path.join(outDir, file), 'utf8')

/** The JSON-LD objects of a page, parsed (throws on a script that is not JSON). */
const jsonLd = (html: string): any[] =>
  [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) => JSON.parse(match[1]!))

/** An article with To Do actions of every kind, published the normal way. */
async function publishWithActions(title: string, data: Record<string, unknown> = {}) {
  const draft = await payload.create({ collection: 'articles', data: { ...data, _status: 'draft', title } as never, draft: true })
  await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`Our opinion on ${title}`), kind: 'opinion', order: 0 } })
  await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`What happens next for ${title}`), kind: 'action', order: 1 } })
  await payload.create({
    collection: 'sections',
    data: {
      actions: [
        { blockType: 'petition', platform: 'Petition Hub', title: 'Keep the library open', url: 'https://petitions.example.net/library' },
        {
          blockType: 'contactOfficial',
          email: 'mayor@city.example.gov',
          name: 'Mayor Dana Quill',
          office: 'Office of the Mayor',
          postalAddress: '1 Civic Plaza\nRivertown, ST 00000',
          sampleMessage: 'Dear Mayor Quill, please keep our branch library open on weekends.',
        },
        { blockType: 'supportOrganization', description: 'Volunteers who run reading hours.', name: 'Friends of the Library', url: 'https://friends.example.org' },
        { blockType: 'attendEvent', title: 'Budget hearing', url: 'https://city.example.gov/hearing', when: '2025-09-02T23:00:00.000Z', where: 'Council chamber' },
        { blockType: 'share', hashtags: ['SaveOurLibrary', '#ReadLocal'], text: 'Our library matters.' },
      ],
      article: draft.id,
      body: paragraph(`Things to do about ${title}`),
      kind: 'todo',
      order: 2,
    } as never,
  })
  return payload.update({ collection: 'articles', data: { _status: 'published' }, id: draft.id })
}

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
    expect(html).toMatch(/<progress data-progress max="100" value="0"/)
    expect(html).toContain('<link rel="canonical" href="https://news.example.org/articles/river-flood-levee-rain-evacuation.html">')

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

  it('shows the source line in the site time zone and the To Do actions as cards; JSON-LD and social tags describe the page', async () => {
    const sourceUrl = 'https://www.dailyledger.example.com/2025/08/17/library-hours'
    const libraries = await payload.create({ collection: 'categories', data: { name: 'Libraries' } })
    const article = await publishWithActions('Branch library weekend hours cut', {
      categories: [libraries.id],
      source: { byline: 'Robin Vale', outlet: 'dailyledger.example.com', publishedAt: '2025-08-17T14:28:00.000Z', url: sourceUrl },
      summary: 'The city plans to close its branch library on weekends.',
    })
    await until(() => existsSync(page(article.slug!)))
    const html = readFileSync(page(article.slug!), 'utf8')
    // 14:28 UTC is 10:28 in New York in August (EDT).
    expect(html).toMatch(/<a href="https:\/\/www\.dailyledger\.example\.com\/2025\/08\/17\/library-hours" rel="noopener">dailyledger\.example\.com<\/a> · <time datetime="2025-08-17T14:28:00\.000Z">Sunday, August 17, 2025,? (at )?10:28 AM EDT<\/time>/)
    expect(html).toContain('<a href="https://petitions.example.net/library">Keep the library open</a>')
    expect(html).toContain('on Petition Hub')
    expect(html).toContain('<a href="mailto:mayor@city.example.gov">mayor@city.example.gov</a>')
    expect(html).toContain('Office of the Mayor')
    expect(html).toContain('<address>1 Civic Plaza<br>Rivertown, ST 00000</address>')
    expect(html).toMatch(/<blockquote id="(sample-message-\d+)">Dear Mayor Quill, please keep our branch library open on weekends\.<\/blockquote>\n<button type="button" class="copy" data-copy="\1">/)
    expect(html).toContain('<a href="https://friends.example.org">Friends of the Library</a>')
    expect(html).toContain('<a href="https://city.example.gov/hearing">Budget hearing</a>')
    // Hashtags are share links carrying the tag and the page's address, the stored '#' dropped.
    expect(html).toContain('>#SaveOurLibrary</a>')
    expect(html).toContain('>#ReadLocal</a>')
    expect(html).toContain(encodeURIComponent(`#ReadLocal https://news.example.org/articles/${article.slug}.html`))

    const [news, breadcrumbs, ...rest] = jsonLd(html)
    expect(rest).toEqual([])
    expect(news['@context']).toBe('https://schema.org')
    expect(news['@type']).toEqual(['NewsArticle', 'OpinionNewsArticle'])
    // What Google's Article rich result and schema.org's NewsArticle expect to find.
    expect(news).toMatchObject({
      author: { '@type': 'Organization', name: 'Broadside' },
      description: 'The city plans to close its branch library on weekends.',
      headline: 'Branch library weekend hours cut',
      isBasedOn: { '@type': 'NewsArticle', author: { name: 'Robin Vale' }, datePublished: '2025-08-17T14:28:00.000Z', publisher: { '@type': 'Organization', name: 'dailyledger.example.com' }, url: sourceUrl },
      mainEntityOfPage: { '@id': `https://news.example.org/articles/${article.slug}.html`, '@type': 'WebPage' },
      publisher: { '@type': 'Organization', name: 'Broadside' },
      url: `https://news.example.org/articles/${article.slug}.html`,
    })
    expect(Number.isNaN(Date.parse(news.datePublished))).toBe(false)
    expect(news.articleSection).toEqual(['Libraries'])
    expect(breadcrumbs['@type']).toBe('BreadcrumbList')
    expect(breadcrumbs.itemListElement).toEqual([
      { '@type': 'ListItem', item: 'https://news.example.org/', name: 'Broadside', position: 1 },
      { '@type': 'ListItem', item: 'https://news.example.org/categories/libraries.html', name: 'Libraries', position: 2 },
      { '@type': 'ListItem', item: `https://news.example.org/articles/${article.slug}.html`, name: 'Branch library weekend hours cut', position: 3 },
    ])
    expect(html).toContain('<meta property="og:type" content="article">')
    expect(html).toContain('<meta property="og:title" content="Branch library weekend hours cut">')
    expect(html).toContain(`<meta property="og:url" content="https://news.example.org/articles/${article.slug}.html">`)
    // The site's language is a bare "en": Open Graph wants language_TERRITORY, so its default (en_US) stands.
    expect(html).not.toContain('og:locale')
    expect(html).toContain('<meta name="twitter:card" content="summary">')
  })

  it('writes feeds that parse, sitemaps and robots.txt, and paginates the lists', async () => {
    // The sitemaps are written last of a delivery's files.
    await until(() => read('news-sitemap.xml').includes('Branch library weekend hours cut'))
    const parser = new Parser()
    const rss = await parser.parseString(read('feed.xml'))
    expect(rss.title).toBe('Broadside')
    expect(rss.items[0]).toMatchObject({ link: 'https://news.example.org/articles/branch-library-weekend-hours-cut.html', title: 'Branch library weekend hours cut' })
    expect(rss.items[0]!.categories).toEqual(['Libraries'])
    const atom = await parser.parseString(read('atom.xml'))
    expect(atom.items.map((item) => item.link)).toEqual(rss.items.map((item) => item.link))
    const jsonFeed = JSON.parse(read('feed.json'))
    expect(jsonFeed.version).toBe('https://jsonfeed.org/version/1')
    expect(jsonFeed.items.map((item: any) => item.url)).toEqual(rss.items.map((item) => item.link))
    // Each category has its own three, holding only its articles.
    const rivers = await parser.parseString(read('categories/rivers/feed.xml'))
    expect(rivers.items.map((item) => item.title)).toEqual(['River flood levee rain evacuation'])
    expect((await parser.parseString(read('categories/libraries/atom.xml'))).items.map((item) => item.title)).toEqual(['Branch library weekend hours cut'])
    expect(JSON.parse(read('categories/libraries/feed.json')).items).toHaveLength(1)

    const sitemap = read('sitemap.xml')
    for (const url of ['https://news.example.org/', 'https://news.example.org/categories/rivers.html', 'https://news.example.org/articles/river-flood-levee-rescue.html']) expect(sitemap).toContain(`<loc>${url}</loc>`)
    // Published just now: all are in the news sitemap (the last two days).
    expect(read('news-sitemap.xml')).toContain('<news:title>Branch library weekend hours cut</news:title>')
    expect(read('news-sitemap.xml')).toContain('<news:title>River flood levee rescue</news:title>')
    expect(read('robots.txt')).toContain('Sitemap: https://news.example.org/sitemap.xml')

    // Two per page: the three published articles take two index pages, linked both ways.
    expect(read('index.html')).toContain('<a rel="next" href="page/2.html">Older</a>')
    expect(read('page/2.html')).toContain('<a rel="prev" href="../index.html">Newer</a>')
    expect(read('page/2.html')).toContain('href="../articles/river-flood-levee-rain-evacuation.html"')
  })

  it('rewrites only what a delivery touches, and says so', async () => {
    const zoo = await payload.create({ collection: 'categories', data: { name: 'Zoology' } })
    await until(() => existsSync(path.join(outDir, 'categories/zoology.html')))
    const before = reports.length
    const { article } = await publishArticle(payload, { categories: [zoo.id], title: 'Quokka census xylophone' })
    await until(() => reports.slice(before).some((report) => report.written.includes(`articles/${article.slug}.html`)))
    const report = reports.slice(before).find((report) => report.written.includes(`articles/${article.slug}.html`))!
    expect(report.kind).toBe('delivery')
    expect(report.delivery).toMatch(/^msg_/)
    // Its page (one request), its lists and their feeds, the sitemaps — no other article, no other category.
    expect(report.fetched).toBe(1)
    expect(report.written.filter((file) => file.startsWith('articles/'))).toEqual([`articles/${article.slug}.html`])
    expect(report.written).toEqual(expect.arrayContaining(['index.html', 'feed.xml', 'atom.xml', 'feed.json', 'categories/zoology.html', 'categories/zoology/feed.xml', 'sitemap.xml', 'news-sitemap.xml']))
    expect(report.written.filter((file) => file.startsWith('categories/') && !file.startsWith('categories/zoology'))).toEqual([])
    expect(report.removed).toEqual([])

    // Unpublished: its page goes, after the lists that linked it were rewritten without it.
    const unpublishedAt = reports.length
    await payload.update({ collection: 'articles', data: { _status: 'draft' }, id: article.id })
    await until(() => reports.slice(unpublishedAt).some((report) => report.removed.includes(`articles/${article.slug}.html`)))
    const removal = reports.slice(unpublishedAt).find((report) => report.removed.includes(`articles/${article.slug}.html`))!
    expect(removal.written).toContain('categories/zoology.html')
    expect(read('categories/zoology.html')).not.toContain(article.slug!)
    expect(read('sitemap.xml')).not.toContain(article.slug!)
  })

  it('rewrites the neighbours whose related lists a publish changed, and no other article', async () => {
    const { article: older } = await publishArticle(payload, { summary: 'wombat burrow ordinance council', title: 'Wombat burrow ordinance council hearing' })
    await until(() => existsSync(page(older.slug!)))
    const before = reports.length
    const { article: newer } = await publishArticle(payload, { summary: 'wombat burrow ordinance council vote', title: 'Wombat burrow ordinance council vote' })
    // Reported once a delivery's files are all written.
    const writtenSince = () => new Set(reports.slice(before).flatMap((report) => report.written.filter((file) => file.startsWith('articles/'))))
    await until(() => writtenSince().has(`articles/${newer.slug}.html`) && writtenSince().has(`articles/${older.slug}.html`))
    expect(readFileSync(page(older.slug!), 'utf8')).toContain(`href="${newer.slug}.html"`)
    const links = await payload.find({ collection: 'related-links', depth: 0, overrideAccess: true, pagination: false, where: { to: { equals: newer.id } } })
    const neighbours = await payload.find({ collection: 'articles', depth: 0, pagination: false, where: { id: { in: links.docs.map((link) => link.from as number) } } })
    const expected = [newer.slug, ...neighbours.docs.map((doc) => doc.slug)].map((slug) => `articles/${slug}.html`).sort()
    expect(expected).toContain(`articles/${older.slug}.html`)
    expect([...writtenSince()].sort()).toEqual(expected)
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
    const start = (port: string) => {
      const started = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', 'examples/static-site/builder.ts'], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, ADMIN_EMAIL: STACK_ADMIN.email, ADMIN_PASSWORD: STACK_ADMIN.password, BROADSIDE_URL: stack.server.url, OUT_DIR: siteDir, PORT: port },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      return started
    }
    let output = ''
    let child = start('0')
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
      // Started again at the same address, it replaces the webhook the first run made (whose
      // secret died with that run) instead of adding a second one.
      output = ''
      child = start(new URL(siteUrl).port)
      await until(() => output.includes('Static site on'), 30_000)
      const hooks = await stack.admin.rest('GET', `/webhooks?depth=0&where[url][equals]=${encodeURIComponent(`${siteUrl}/webhook`)}`)
      expect(hooks.body.totalDocs).toBe(1)
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
