/**
 * `npm run bench:site`: the example static site (examples/static-site) against a production
 * Broadside on loopback, seeded with N generated articles through its hooks (related links
 * built). Measures a full build from an empty folder (every page read with one request, every
 * file written), a full build over an unchanged folder (all read, nothing written), and the
 * incremental rebuild a real publish causes: an article published through the Local API, its
 * webhook delivered by the server's Jobs Queue, the site rewriting what it touches. Prints
 * p50/p95 over the runs, files written per delivery, and the ratio of incremental to full.
 *
 * Then Lighthouse scores the newest article's page as the site serves it (issue #18's targets:
 * 95 for accessibility, best practices and SEO, 90 for performance).
 *
 * Options: --articles=1000 --full-runs=3 --publishes=20
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

import type { BuildReport } from '../../examples/static-site/staticSite'

import { startBuilder } from '../../examples/static-site/builder'
import { StaticSite } from '../../examples/static-site/staticSite'
import { publishArticle } from '../../tests/helpers/articles'
import { api } from '../../tests/helpers/api'
import { login } from '../../tests/helpers/http'
import { startTestPayload } from '../../tests/helpers/testPayload'
import { startTestServer } from '../../tests/helpers/testServer'
import { createScratchDatabase } from '../database/scratchDatabase'
import { ensureProductionBuild } from '../host/ensureProductionBuild'
import { LIGHTHOUSE_CATEGORIES, lighthouseScores } from './lighthouse'
import { readsArticles, seedBroadside } from './readsSeed'

const { values: args } = parseArgs({
  options: {
    articles: { default: '1000', type: 'string' },
    'full-runs': { default: '3', type: 'string' },
    publishes: { default: '20', type: 'string' },
  },
})
const ARTICLES = Number(args.articles)
const FULL_RUNS = Number(args['full-runs'])
const PUBLISHES = Number(args.publishes)
const ROOT = path.resolve(import.meta.dirname, '../..')
const ADMIN = { email: 'bench-site@example.com', password: 'bench site password' }

const machine = () => `load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!
const summary = (values: number[], unit = 'ms') => `p50 ${quantile(values, 0.5).toFixed(0)} ${unit}, p95 ${quantile(values, 0.95).toFixed(0)} ${unit} (n=${values.length})`

async function main(): Promise<void> {
  console.log(`bench:site — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, SQLite`)
  console.log(`${ARTICLES} articles; ${FULL_RUNS} full builds of each kind; ${PUBLISHES} publishes. Start: ${machine()}\n`)
  await ensureProductionBuild(ROOT)
  const secret = randomBytes(32).toString('hex')
  process.env.PAYLOAD_SECRET ??= secret
  const database = await createScratchDatabase('sqlite')
  const seeding = await startTestPayload({ database })
  const started = performance.now()
  await seedBroadside(seeding.payload, readsArticles(ARTICLES))
  await seeding.close()
  console.log(`seeded through Broadside's hooks in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const server = await startTestServer({
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, DATABASE_URI: database.uri, PAYLOAD_SECRET: process.env.PAYLOAD_SECRET, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
  })
  const local = await startTestPayload({ database })
  const folders: string[] = []
  const folder = () => {
    const made = mkdtempSync(path.join(os.tmpdir(), 'broadside-bench-site-'))
    folders.push(made)
    return made
  }
  try {
    const cold: BuildReport[] = []
    const warm: BuildReport[] = []
    for (let run = 0; run < FULL_RUNS; run++) {
      const outDir = folder()
      cold.push(await new StaticSite({ broadsideUrl: server.url, outDir }).buildAll())
      const site = new StaticSite({ broadsideUrl: server.url, outDir })
      await site.buildAll()
      // The same site object again: it knows what each file holds, so nothing is written.
      warm.push(await site.buildAll())
    }
    console.log(`full build, empty folder:     ${summary(cold.map((report) => report.ms))}; ${cold[0]!.written.length} files written, ${cold[0]!.fetched} requests`)
    console.log(`full build, nothing changed:  ${summary(warm.map((report) => report.ms))}; ${warm[0]!.written.length} files written, ${warm[0]!.fetched} requests`)

    const deliveries: BuildReport[] = []
    let webhookSecret = ''
    const builder = await startBuilder({ broadsideUrl: server.url, log: (report) => report.kind === 'delivery' && deliveries.push(report), outDir: folder(), secret: () => webhookSecret })
    const admin = api(server.url, await login(server.url, ADMIN.email, ADMIN.password))
    await builder.buildAll()
    await printLighthouse(builder.url, server.url)
    webhookSecret = (await admin.rest('POST', '/webhooks', { events: ['*'], name: 'bench site', url: `${builder.url}/webhook` })).body.doc.secret
    const articles = readsArticles(ARTICLES + PUBLISHES, 99).slice(ARTICLES)
    const perPublish: { ms: number; written: number }[] = []
    for (const [index, article] of articles.entries()) {
      const before = deliveries.length
      const { article: published } = await publishArticle(local.payload, { source: { outlet: article.outlet }, summary: article.summary, title: `${article.title} published ${index}` })
      const page = `articles/${published.slug}.html`
      const deadline = Date.now() + 30_000
      while (!deliveries.slice(before).some((report) => report.written.includes(page))) {
        if (Date.now() > deadline) throw new Error(`no delivery wrote ${page} within 30 s`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      // Neighbours' updates may come in the same delivery or right after; count what this publish caused.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const caused = deliveries.slice(before)
      perPublish.push({ ms: caused.reduce((sum, report) => sum + report.ms, 0), written: caused.reduce((sum, report) => sum + report.written.length, 0) })
    }
    await builder.close()
    const fullP50 = quantile(cold.map((report) => report.ms), 0.5)
    const incrementalP50 = quantile(perPublish.map((run) => run.ms), 0.5)
    console.log(`incremental, one publish:     ${summary(perPublish.map((run) => run.ms))}; files written ${summary(perPublish.map((run) => run.written), 'files')}`)
    console.log(`incremental / full (p50):     1 : ${(fullP50 / incrementalP50).toFixed(0)}`)
    console.log(`\nEnd: ${machine()}`)
  } finally {
    await local.close()
    await server.stop()
    await database.drop()
    for (const made of folders) rmSync(made, { force: true, recursive: true })
  }
}

const LIGHTHOUSE_TARGETS = { accessibility: 95, 'best-practices': 95, performance: 90, seo: 95 }

async function printLighthouse(siteUrl: string, broadsideUrl: string): Promise<void> {
  const newest = (await (await fetch(`${broadsideUrl}/api/articles?limit=1&depth=0&sort=-publishedAt`)).json()) as { docs: { slug: string }[] }
  const page = `${siteUrl}/articles/${newest.docs[0]!.slug}.html`
  const scores = await lighthouseScores(page)
  console.log(`Lighthouse, ${page.replace(siteUrl, '')} (${machine()}):`)
  for (const category of LIGHTHOUSE_CATEGORIES) {
    const target = LIGHTHOUSE_TARGETS[category]
    console.log(`  ${category.padEnd(15)} ${String(scores[category]).padStart(3)}  target ≥ ${target}  ${scores[category] >= target ? 'met' : 'missed'}`)
  }
  for (const failed of scores.failed) console.log(`  below 0.9: ${failed}`)
  console.log()
}

await main()
process.exit(0)
