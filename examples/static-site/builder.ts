/**
 * An example static site that rebuilds from Broadside's webhooks: an express app that verifies
 * each delivery (Standard Webhooks), ignores one it has already handled (same `webhook-id`),
 * reads what changed from the public REST API, and writes plain HTML into a folder it also
 * serves — an index of the published articles, a page per category, and a page per article with
 * its commentary sections, its related articles and a "Sign Our Petition" form that posts to
 * Broadside's public signing endpoint (the site's origin must be in CORS_ORIGINS).
 *
 * With PURGE_URL set, each delivery's cache tags are purged there first (./purge), so a cache
 * in front of Broadside drops exactly what changed before the pages are rebuilt.
 *
 * One command, against a Broadside started with WEBHOOK_ALLOW_HOSTS=127.0.0.1:
 *   ADMIN_EMAIL=… ADMIN_PASSWORD=… npm run example:static-site
 * signs in, creates its webhook (or, given WEBHOOK_SECRET, uses one made by hand), builds every
 * page once, then keeps them current. BROADSIDE_URL (http://127.0.0.1:3000), OUT_DIR (site),
 * PORT (4000), PURGE_URL and PURGE_AUTHORIZATION (none) change the defaults.
 */
import { convertLexicalToHTML } from '@payloadcms/richtext-lexical/html'
import express from 'express'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Webhook } from 'standardwebhooks'

import type { ArticlePage } from '../../src/articlePage/types'
import { type DeliveryEvent, purgeCacheTags, type PurgeOptions } from './purge'

export type BuilderOptions = {
  /** Where Broadside answers, e.g. http://127.0.0.1:3000 */
  broadsideUrl: string
  outDir: string
  /** Where to purge each delivery's cache tags before rebuilding (none: no purge). */
  purge?: PurgeOptions
  /** The endpoint's signing secret (or a function giving it, for one set after start). */
  secret: (() => string) | string
}

type Item = { cacheTags?: string[]; collection: string; id: number | string; slug?: null | string; type: string }
type Petition = NonNullable<ArticlePage['petition']>
// What the public REST API's article list answers, as far as the listings need it.
type CategoryJson = { id: number | string; name: string; slug: string }
type ArticleJson = {
  categories?: (CategoryJson | number)[]
  id: number | string
  slug: string
  summary?: null | string
  title: string
}

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (char) => ({ '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[char]!)

const richText = (value: unknown) => (value ? convertLexicalToHTML({ data: value as never, disableContainer: true }) : '')

function petitionIsOpen(petition: ArticlePage['petition']): petition is Petition {
  if (!petition || petition.externalUrl || petition.status === 'closed') return false
  return !petition.closesAt || new Date(petition.closesAt).getTime() > Date.now()
}

function signingForm(petition: Petition, broadsideUrl: string): string {
  const action = `${broadsideUrl}/api/petitions/${petition.id}/sign`
  return `<section class="petition">
<h2>Sign Our Petition: ${escape(petition.title)}</h2>
<p class="count"><span data-count>${escape(petition.signatureCount ?? 0)}</span> signed${petition.goal ? ` of ${escape(petition.goal)}` : ''}</p>
<form data-sign action="${escape(action)}" method="post">
<label>Name <input name="name" required></label>
<label>Email <input name="email" type="email" required></label>
<label>Postal code <input name="postalCode"></label>
<label>Country <input name="country"></label>
<label>Comment <textarea name="comment"></textarea></label>
<label><input name="consent" type="checkbox"> ${escape(petition.consentText || 'Keep me informed about this petition and related campaigns.')}</label>
<label><input name="showName" type="checkbox"> Show my first name on the list of signers</label>
<div hidden aria-hidden="true"><label>Website <input name="website" tabindex="-1" autocomplete="off"></label></div>
<button type="submit">Sign</button>
<p data-result role="status"></p>
</form>
<script>
document.querySelector('form[data-sign]').addEventListener('submit', async (event) => {
  event.preventDefault()
  const form = event.target
  const data = Object.fromEntries(new FormData(form))
  data.consent = form.consent.checked
  data.showName = form.showName.checked
  const response = await fetch(form.action, { body: JSON.stringify(data), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
  const body = await response.json().catch(() => ({}))
  form.querySelector('[data-result]').textContent = response.status === 202 ? 'Thank you for signing.' : (body.errors?.[0]?.message ?? 'Please try again later.')
  // The answer carries no count (it would tell whether that email had signed): count this one.
  if (response.status === 202 && !form.dataset.signed) {
    form.dataset.signed = 'yes'
    const count = document.querySelector('[data-count]')
    count.textContent = String(Number(count.textContent) + 1)
  }
})
</script>
</section>`
}

function articlePage({ article, petition, relatedLinks, sections }: ArticlePage, broadsideUrl: string): string {
  const related = relatedLinks
    .map(({ article: linked, external }) =>
      linked
        ? `<li><a href="${escape(linked.slug)}.html">${escape(linked.title)}</a>${linked.source.outlet ? ` - ${escape(linked.source.outlet)}` : ''}</li>`
        : external?.title
          ? `<li>${external.url ? `<a href="${escape(external.url)}">${escape(external.title)}</a>` : escape(external.title)}${external.outlet ? ` - ${escape(external.outlet)}` : ''}</li>`
          : '',
    )
    .join('\n')
  const categories = article.categories.map((category) => `<a href="../categories/${escape(category.slug)}.html">${escape(category.name)}</a>`).join(', ')
  const hero = article.heroImage?.url ? `<img src="${escape(broadsideUrl + article.heroImage.url)}" alt="${escape(article.heroImage.alt)}">` : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(article.title)}</title></head>
<body>
<nav><a href="../index.html">All articles</a></nav>
<article>
<h1>${escape(article.title)}</h1>
<p class="source">${escape(article.source.outlet)}${article.source.publishedAt ? ` · ${escape(new Date(article.source.publishedAt).toUTCString())}` : ''}</p>
${categories ? `<p class="categories">${categories}</p>` : ''}
${hero}
<p class="summary">${escape(article.summary)}</p>
<div class="body">${richText(article.body)}</div>
${sections.map((section) => `<section class="${escape(section.kind)}"><h2>${escape(section.heading || section.label)}</h2>${richText(section.body)}</section>`).join('\n')}
${petitionIsOpen(petition) ? signingForm(petition, broadsideUrl) : ''}
${related ? `<section class="related"><h2>${relatedLinks.length} Related Article(s)</h2><ul>\n${related}\n</ul></section>` : ''}
</article>
</body></html>
`
}

/** A list of articles linking to their pages (`prefix` leads from the listing's folder to the site's root). */
function articleList(articles: ArticleJson[], prefix: string): string {
  return `<ul class="articles">\n${articles
    .map(
      (article) =>
        `<li><a href="${prefix}articles/${escape(article.slug)}.html">${escape(article.title)}</a>${article.summary ? `<p>${escape(article.summary)}</p>` : ''}</li>`,
    )
    .join('\n')}\n</ul>`
}

function listingPage(title: string, articles: ArticleJson[], prefix: string, extra = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body>
<h1>${escape(title)}</h1>
${extra}
${articleList(articles, prefix)}
</body></html>
`
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return (await response.json()) as T
}

/** Every published article (newest first) and category, as visitors see them. */
async function publishedContent(options: BuilderOptions) {
  const api = `${options.broadsideUrl}/api`
  const articles = await everyPage<ArticleJson>(`${api}/articles?depth=1&sort=-publishedAt&select[title]=true&select[slug]=true&select[summary]=true&select[categories]=true&select[publishedAt]=true`)
  const categories = await everyPage<CategoryJson>(`${api}/categories?depth=0&sort=name`)
  return { articles, categories }
}

/** All documents of a list, a page at a time: anonymous reads get at most 100 per request. */
async function everyPage<T>(listUrl: string): Promise<T[]> {
  const docs: T[] = []
  for (let page = 1; ; page++) {
    const found = await getJson<{ docs: T[]; hasNextPage: boolean }>(`${listUrl}&limit=100&page=${page}`)
    docs.push(...found.docs)
    if (!found.hasNextPage) return docs
  }
}

/**
 * Writes a page whole or not at all: a reader (or the site's own server) never sees a file half
 * written or missing while it is rewritten, since rename replaces the old one in one step.
 */
async function writePage(file: string, html: string) {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, html)
  await rename(temporary, file)
}

/** Rebuilds the index and the category pages (any change may move an article in or out of them). */
async function buildListings(options: BuilderOptions) {
  const { articles, categories } = await publishedContent(options)
  const categoryDir = path.join(options.outDir, 'categories')
  // Category pages first, so every link the new index holds already leads somewhere.
  const kept = new Set<string>()
  for (const category of categories) {
    const inCategory = articles.filter((article) => (article.categories ?? []).some((item) => typeof item === 'object' && item.id === category.id))
    kept.add(`${category.slug}.html`)
    await writePage(path.join(categoryDir, `${category.slug}.html`), listingPage(category.name, inCategory, '../', '<nav><a href="../index.html">All articles</a></nav>'))
  }
  const categoryLinks = `<nav class="categories">${categories.map((category) => `<a href="categories/${escape(category.slug)}.html">${escape(category.name)}</a>`).join(' · ')}</nav>`
  await writePage(path.join(options.outDir, 'index.html'), listingPage('Latest articles', articles, '', categoryLinks))
  // Then the pages of categories that are gone (renamed or deleted).
  for (const name of await readdir(categoryDir).catch(() => [])) if (!kept.has(name)) await rm(path.join(categoryDir, name), { force: true })
  return articles
}

/** Rebuilds (or removes) one article's page from what the public API shows now: one request. */
async function buildArticle(options: BuilderOptions, item: Item) {
  if (!item.slug) return
  const file = path.join(options.outDir, 'articles', `${item.slug}.html`)
  const response = await fetch(`${options.broadsideUrl}/api/articles/page/${encodeURIComponent(item.slug)}`)
  if (response.status === 404) {
    // Unpublished or deleted: the page goes.
    await rm(file, { force: true })
    return
  }
  if (!response.ok) throw new Error(`the page of ${item.slug} answered ${response.status}`)
  await writePage(file, articlePage((await response.json()) as ArticlePage, options.broadsideUrl))
}

export function startBuilder(options: BuilderOptions & { port?: number }): Promise<{ close: () => Promise<void>; url: string }> {
  const handled = new Set<string>()
  // One build at a time, in arrival order.
  let queue = Promise.resolve()
  let closing = false
  const app = express()
  // The signature covers the exact bytes sent, so the body is verified as text before parsing.
  app.post('/webhook', express.text({ limit: '64kb', type: '*/*' }), (req, res) => {
    if (closing) {
      // Broadside sends it again later, to the site's next run.
      res.status(503).set('Retry-After', '10').send('stopping')
      return
    }
    const secret = typeof options.secret === 'function' ? options.secret() : options.secret
    let event: DeliveryEvent & { data?: { items?: Item[] } }
    try {
      event = new Webhook(secret).verify(typeof req.body === 'string' ? req.body : '', req.headers as Record<string, string>) as typeof event
    } catch {
      res.status(401).send('bad signature')
      return
    }
    const id = String(req.headers['webhook-id'])
    if (handled.has(id)) {
      res.status(204).end()
      return
    }
    const build = queue.then(async () => {
      // Purged first, so whatever the rebuild reads through a cache is already fresh.
      if (options.purge) await purgeCacheTags(event, options.purge)
      for (const item of event.data?.items ?? []) if (item.collection === 'articles') await buildArticle(options, item)
      await buildListings(options)
    })
    queue = build.catch(() => undefined)
    build.then(
      () => {
        handled.add(id)
        res.status(204).end()
      },
      // A failed build answers 500, so Broadside retries the delivery.
      (error) => res.status(500).send(String(error)),
    )
  })
  app.use(express.static(options.outDir))
  return new Promise((resolve) => {
    const server = app.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      /** Takes no new deliveries and resolves once the builds already taken have written their pages. */
      const close = async () => {
        closing = true
        const closed = new Promise<void>((done) => server.close(() => done()))
        // A delivery taken meanwhile on an open connection joins the chain: wait till it stops growing.
        let last: Promise<void>
        do {
          last = queue
          await last
        } while (last !== queue)
        server.closeIdleConnections()
        // A keep-alive connection still open after its answer is not worth waiting for.
        await Promise.race([closed, new Promise((done) => setTimeout(done, 1_000).unref())])
      }
      resolve({ close, url: `http://127.0.0.1:${port}` })
    })
  })
}

/** Builds every page from scratch: the site as Broadside shows it now. */
export async function buildAll(options: BuilderOptions): Promise<void> {
  const articles = await buildListings(options)
  for (const article of articles) await buildArticle(options, { collection: 'articles', id: article.id, slug: article.slug, type: 'article.published' })
}

/** Signs in as an admin and creates this site's webhook; returns its secret (shown only now). */
async function registerWebhook(broadsideUrl: string, siteUrl: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${broadsideUrl}/api/users/login`, { body: JSON.stringify({ email, password }), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
  if (!login.ok) throw new Error(`Signing in to ${broadsideUrl} as ${email} failed (${login.status}).`)
  const { token } = (await login.json()) as { token: string }
  const created = await fetch(`${broadsideUrl}/api/webhooks`, {
    body: JSON.stringify({ events: ['*'], mode: 'event', name: `Example static site at ${siteUrl}`, url: `${siteUrl}/webhook` }),
    headers: { Authorization: `JWT ${token}`, 'Content-Type': 'application/json' },
    method: 'POST',
  })
  const body = (await created.json()) as { doc?: { secret: string }; errors?: { message: string }[] }
  if (!created.ok || !body.doc) {
    throw new Error(`Creating the webhook failed (${created.status}): ${body.errors?.map((error) => error.message).join('; ')} — is 127.0.0.1 in the server's WEBHOOK_ALLOW_HOSTS?`)
  }
  return body.doc.secret
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ADMIN_EMAIL, ADMIN_PASSWORD, BROADSIDE_URL = 'http://127.0.0.1:3000', OUT_DIR = 'site', PORT = '4000', PURGE_AUTHORIZATION, PURGE_URL, WEBHOOK_SECRET } = process.env
  if (!WEBHOOK_SECRET && !(ADMIN_EMAIL && ADMIN_PASSWORD)) {
    throw new Error('Set ADMIN_EMAIL and ADMIN_PASSWORD (to create the webhook), or WEBHOOK_SECRET (of a webhook made by hand).')
  }
  let secret = WEBHOOK_SECRET ?? ''
  const purge = PURGE_URL ? { authorization: PURGE_AUTHORIZATION, url: PURGE_URL } : undefined
  const options = { broadsideUrl: BROADSIDE_URL, outDir: OUT_DIR, purge, secret: () => secret }
  const site = await startBuilder({ ...options, port: Number(PORT) })
  let firstBuild: Promise<void> = Promise.resolve()
  // Stopped by a service manager (SIGTERM) or Ctrl-C: take no new deliveries, let the one being
  // built finish writing its pages (its request is answered then), and exit 0. An unfinished
  // delivery would be retried by Broadside anyway, but a half-written page would stay.
  const stop = async () => {
    await Promise.all([site.close(), firstBuild.catch(() => undefined)])
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  if (!secret) secret = await registerWebhook(BROADSIDE_URL, site.url, ADMIN_EMAIL!, ADMIN_PASSWORD!)
  await mkdir(OUT_DIR, { recursive: true })
  firstBuild = buildAll(options)
  await firstBuild
  console.log(`Static site on ${site.url}/ (files in ${OUT_DIR}/), rebuilt by the webhook at ${site.url}/webhook`)
}
