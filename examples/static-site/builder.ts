/**
 * An example static site that rebuilds from Broadside's webhooks: it verifies each delivery
 * (Standard Webhooks), ignores one it has already handled (same `webhook-id`), reads what
 * changed from the public REST API, and writes plain HTML pages — the article with its
 * commentary sections, its related articles, and a "Sign Our Petition" form that posts to
 * Broadside's public signing endpoint (the site's origin must be in CORS_ORIGINS).
 *
 * Run: BROADSIDE_URL=http://127.0.0.1:3000 WEBHOOK_SECRET=whsec_… OUT_DIR=site PORT=4000 \
 *      node --import tsx examples/static-site/builder.ts
 * then create a webhook (mode `event`, events `*`) pointing at http://127.0.0.1:4000/webhook.
 */
import { convertLexicalToHTML } from '@payloadcms/richtext-lexical/html'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Webhook } from 'standardwebhooks'

export type BuilderOptions = {
  /** Where Broadside answers, e.g. http://127.0.0.1:3000 */
  broadsideUrl: string
  outDir: string
  /** The endpoint's signing secret (or a function giving it, for one set after start). */
  secret: (() => string) | string
}

type Item = { collection: string; id: number | string; slug?: null | string; type: string }
// What the public REST API answers, as far as the pages need it.
type Petition = {
  closesAt?: null | string
  consentText?: null | string
  externalUrl?: null | string
  goal?: null | number
  id: number | string
  signatureCount?: number
  status?: null | string
  title?: null | string
}
type RelatedLink = {
  external?: { outlet?: null | string; title?: null | string; url?: null | string }
  to?: { slug?: null | string; title?: null | string } | null | number
}
type ArticleJson = {
  body?: unknown
  categories?: ({ name?: string } | number)[]
  id: number | string
  petition?: null | number | Petition
  relatedLinks?: { docs?: RelatedLink[] }
  slug: string
  source?: { outlet?: null | string; publishedAt?: null | string }
  summary?: null | string
  title: string
}
type SectionJson = { body?: unknown; heading?: null | string; kind: string }

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (char) => ({ '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[char]!)

const richText = (value: unknown) => (value ? convertLexicalToHTML({ data: value as never, disableContainer: true }) : '')

function petitionIsOpen(petition: ArticleJson['petition']): petition is Petition {
  if (!petition || typeof petition !== 'object' || petition.externalUrl || petition.status === 'closed') return false
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
  if (response.status === 202) document.querySelector('[data-count]').textContent = body.signatureCount
})
</script>
</section>`
}

function articlePage(article: ArticleJson, sections: SectionJson[], broadsideUrl: string): string {
  const related = (article.relatedLinks?.docs ?? [])
    .map((link) =>
      link.to && typeof link.to === 'object'
        ? `<li><a href="${escape(link.to.slug)}.html">${escape(link.to.title)}</a></li>`
        : link.external?.title
          ? `<li>${link.external.url ? `<a href="${escape(link.external.url)}">${escape(link.external.title)}</a>` : escape(link.external.title)}${link.external.outlet ? ` - ${escape(link.external.outlet)}` : ''}</li>`
          : '',
    )
    .join('\n')
  const categories = (article.categories ?? [])
    .map((category) => (typeof category === 'object' ? escape(category.name) : ''))
    .filter(Boolean)
    .join(', ')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(article.title)}</title></head>
<body>
<article>
<h1>${escape(article.title)}</h1>
<p class="source">${escape(article.source?.outlet)}${article.source?.publishedAt ? ` · ${escape(new Date(article.source.publishedAt).toUTCString())}` : ''}</p>
${categories ? `<p class="categories">${categories}</p>` : ''}
<p class="summary">${escape(article.summary)}</p>
<div class="body">${richText(article.body)}</div>
${sections.map((section) => `<section class="${escape(section.kind)}"><h2>${escape(section.heading || section.kind)}</h2>${richText(section.body)}</section>`).join('\n')}
${petitionIsOpen(article.petition) ? signingForm(article.petition, broadsideUrl) : ''}
${related ? `<section class="related"><h2>${article.relatedLinks?.docs?.length ?? 0} Related Article(s)</h2><ul>\n${related}\n</ul></section>` : ''}
</article>
</body></html>
`
}

/** Rebuilds (or removes) one article's page from what the public API shows now. */
async function buildArticle(options: BuilderOptions, item: Item) {
  const api = `${options.broadsideUrl}/api`
  const file = (slug: string) => path.join(options.outDir, 'articles', `${slug}.html`)
  const found = await fetch(`${api}/articles?where[id][equals]=${encodeURIComponent(String(item.id))}&depth=2&limit=1`).then((r) => r.json())
  const article = found.docs?.[0] as ArticleJson | undefined
  if (!article) {
    // Unpublished or deleted: the page goes.
    if (item.slug) await rm(file(item.slug), { force: true })
    return
  }
  const sections: SectionJson[] = (await fetch(`${api}/sections?where[article][equals]=${article.id}&sort=order&limit=50&depth=0`).then((r) => r.json())).docs ?? []
  await mkdir(path.join(options.outDir, 'articles'), { recursive: true })
  await writeFile(file(article.slug), articlePage(article, sections, options.broadsideUrl))
}

export function startBuilder(options: BuilderOptions & { port?: number }): Promise<{ close: () => Promise<void>; url: string }> {
  const handled = new Set<string>()
  // One build at a time, in arrival order.
  let queue = Promise.resolve()
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/webhook') return res.writeHead(404).end()
      const secret = typeof options.secret === 'function' ? options.secret() : options.secret
      let event: { data?: { items?: Item[] } }
      try {
        event = new Webhook(secret).verify(body, req.headers as Record<string, string>) as typeof event
      } catch {
        return res.writeHead(401).end('bad signature')
      }
      const id = String(req.headers['webhook-id'])
      if (handled.has(id)) return res.writeHead(204).end()
      const build = queue.then(async () => {
        for (const item of event.data?.items ?? []) if (item.collection === 'articles') await buildArticle(options, item)
      })
      queue = build.catch(() => undefined)
      build.then(
        () => {
          handled.add(id)
          res.writeHead(204).end()
        },
        // A failed build answers 500, so Broadside retries the delivery.
        (error) => res.writeHead(500).end(String(error)),
      )
    })
  })
  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({ close: () => new Promise((done) => server.close(() => done())), url: `http://127.0.0.1:${port}` })
    })
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { BROADSIDE_URL = 'http://127.0.0.1:3000', OUT_DIR = 'site', PORT = '4000', WEBHOOK_SECRET } = process.env
  if (!WEBHOOK_SECRET) throw new Error('Set WEBHOOK_SECRET to the secret shown when the webhook was created.')
  const { url } = await startBuilder({ broadsideUrl: BROADSIDE_URL, outDir: OUT_DIR, port: Number(PORT), secret: WEBHOOK_SECRET })
  console.log(`Static site builder listening on ${url}/webhook, writing to ${OUT_DIR}/`)
}
