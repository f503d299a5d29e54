/**
 * An example static site that rebuilds from Broadside's webhooks: an express app that verifies
 * each delivery (Standard Webhooks), ignores one it has already handled (same `webhook-id`),
 * reads what changed from the public REST API, and writes plain HTML into a folder it also
 * serves. What it writes and how it stays exact is ./staticSite; the pages are ./render/*,
 * the feeds ./feeds, the sitemaps ./sitemaps. The "Sign Our Petition" form posts to
 * Broadside's public signing endpoint (the site's origin must be in CORS_ORIGINS).
 *
 * With PURGE_URL set, each delivery's cache tags are purged there first (./purge), so a cache
 * in front of Broadside drops exactly what changed before the pages are rebuilt.
 *
 * One command, against a Broadside started with WEBHOOK_ALLOW_HOSTS=127.0.0.1:
 *   ADMIN_EMAIL=… ADMIN_PASSWORD=… npm run example:static-site
 * signs in, creates its webhook (or, given WEBHOOK_SECRET, uses one made by hand), builds every
 * page once, then keeps them current. BROADSIDE_URL (http://127.0.0.1:3000), OUT_DIR (site),
 * PORT (4000), SITE_URL (the site's own address), SITE_TIME_ZONE (UTC), PURGE_URL and
 * PURGE_AUTHORIZATION (none) change the defaults.
 */
import express from 'express'
import { mkdir } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { Webhook } from 'standardwebhooks'

import { type DeliveryEvent, purgeCacheTags, type PurgeOptions } from './purge'
import { type BuildReport, type DeliveryItem, type SiteOptions, StaticSite } from './staticSite'

export type BuilderOptions = SiteOptions & {
  /** Told what each build or delivery rewrote and how long it took (default: one line on stdout). */
  log?: (report: BuildReport & { delivery?: string }) => void
  /** Where to purge each delivery's cache tags before rebuilding (none: no purge). */
  purge?: PurgeOptions
  /** The endpoint's signing secret (or a function giving it, for one set after start). */
  secret: (() => string) | string
}

const logLine = (report: BuildReport & { delivery?: string }) =>
  console.log(
    `${report.kind === 'full' ? 'full build' : `delivery ${report.delivery}`}: ${report.written.length} written, ${report.removed.length} removed, ` +
      `${report.fetched} requests, ${report.ms.toFixed(0)} ms${report.written.length + report.removed.length ? ` (${[...report.written, ...report.removed.map((file) => `-${file}`)].slice(0, 12).join(' ')}${report.written.length + report.removed.length > 12 ? ' …' : ''})` : ''}`,
  )

export type Builder = {
  /** A full build, queued behind (and ahead of) deliveries so the two never interleave. */
  buildAll: () => Promise<BuildReport>
  /** Takes no new deliveries and resolves once the builds already taken have written their pages. */
  close: () => Promise<void>
  site: StaticSite
  url: string
}

export function startBuilder(options: BuilderOptions & { port?: number }): Promise<Builder> {
  const log = options.log ?? logLine
  let site: StaticSite | undefined
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
    let event: DeliveryEvent & { data?: { items?: DeliveryItem[] } }
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
      log({ ...(await site!.applyDelivery(event.data?.items ?? [], { truncated: event.data?.truncated })), delivery: id })
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
      site = new StaticSite({ ...options, siteUrl: options.siteUrl ?? `http://127.0.0.1:${port}` })
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
      const buildAll = () => {
        const build = queue.then(() => site!.buildAll())
        queue = build.then(log, () => undefined)
        return build
      }
      resolve({ buildAll, close, site, url: `http://127.0.0.1:${port}` })
    })
  })
}

/** Builds every page from scratch: the site as Broadside shows it now. */
export async function buildAll(options: SiteOptions): Promise<BuildReport> {
  return new StaticSite(options).buildAll()
}

/**
 * Signs in as an admin and creates this site's webhook; returns its secret (shown only now).
 * A webhook an earlier run made for the same address goes first: its secret is lost with that
 * run, so every delivery to it would be refused, and each restart would add one more.
 */
async function registerWebhook(broadsideUrl: string, siteUrl: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${broadsideUrl}/api/users/login`, { body: JSON.stringify({ email, password }), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
  if (!login.ok) throw new Error(`Signing in to ${broadsideUrl} as ${email} failed (${login.status}).`)
  const { token } = (await login.json()) as { token: string }
  const headers = { Authorization: `JWT ${token}`, 'Content-Type': 'application/json' }
  const url = `${siteUrl}/webhook`
  const earlier = await fetch(`${broadsideUrl}/api/webhooks?where[url][equals]=${encodeURIComponent(url)}`, { headers, method: 'DELETE' })
  if (!earlier.ok) throw new Error(`Removing this site's earlier webhooks failed (${earlier.status}).`)
  const created = await fetch(`${broadsideUrl}/api/webhooks`, {
    body: JSON.stringify({ events: ['*'], mode: 'event', name: `Example static site at ${siteUrl}`, url }),
    headers,
    method: 'POST',
  })
  const body = (await created.json()) as { doc?: { secret: string }; errors?: { message: string }[] }
  if (!created.ok || !body.doc) {
    throw new Error(`Creating the webhook failed (${created.status}): ${body.errors?.map((error) => error.message).join('; ')} — is 127.0.0.1 in the server's WEBHOOK_ALLOW_HOSTS?`)
  }
  return body.doc.secret
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ADMIN_EMAIL, ADMIN_PASSWORD, BROADSIDE_URL = 'http://127.0.0.1:3000', OUT_DIR = 'site', PORT = '4000', PURGE_AUTHORIZATION, PURGE_URL, SITE_TIME_ZONE, SITE_URL, WEBHOOK_SECRET } =
    process.env
  if (!WEBHOOK_SECRET && !(ADMIN_EMAIL && ADMIN_PASSWORD)) {
    throw new Error('Set ADMIN_EMAIL and ADMIN_PASSWORD (to create the webhook), or WEBHOOK_SECRET (of a webhook made by hand).')
  }
  let secret = WEBHOOK_SECRET ?? ''
  const purge = PURGE_URL ? { authorization: PURGE_AUTHORIZATION, url: PURGE_URL } : undefined
  const options = { broadsideUrl: BROADSIDE_URL, outDir: OUT_DIR, purge, secret: () => secret, siteUrl: SITE_URL, timeZone: SITE_TIME_ZONE }
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
  firstBuild = site.buildAll().then(() => undefined)
  await firstBuild
  console.log(`Static site on ${site.url}/ (files in ${OUT_DIR}/), rebuilt by the webhook at ${site.url}/webhook`)
}
