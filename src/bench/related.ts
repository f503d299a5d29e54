/**
 * `npm run bench:related`: how long publishing one more article takes when N articles are
 * already published (term index and related lists included), on SQLite and PostgreSQL, beside
 * the same publish with the related-links plugin disabled, measured in the same run on the
 * same database.
 *
 * Seeding takes the fastest honest path: rows written in bulk, the index built with the same
 * functions the hooks use, each seeded article's list filled from real scores against a sample
 * of its topic. The measured publishes take the normal path: a draft with its three sections,
 * then `payload.update({ _status: 'published' })` through the Local API, hooks and transaction
 * included.
 *
 * Options: --sizes=1000,10000,50000 --engines=sqlite,postgres --samples=60
 * --profile=<dir>: a CPU profile of the timed publishes only (seeding left out), one file per
 * engine and size, for finding what a publish spends its time on.
 */
import type { Payload } from 'payload'

import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { getPayload } from 'payload'
import { sql } from '@payloadcms/db-sqlite/drizzle'

import { broadsideConfig, broadsidePlugins } from '../../payload.config'
import { articleContent, indexedArticle } from '../../hooks/relatedLinks/syncRelated'
import { corpusStats, DOCUMENTS_ROW, type IndexedArticle, LENGTH_ROW, packTerms } from '../../hooks/relatedLinks/relatedStore'
import { closeDatabase } from '../database/closeDatabase'
import { databaseAdapter } from '../database/index'
import { createScratchDatabase, type DatabaseEngine } from '../database/scratchDatabase'
import { signature } from '../related/candidates'
import { scoreRelated } from '../related/scoreRelated'
import { lexicalParagraph } from '../utilities/lexicalParagraph'
import { syntheticArchive, type SyntheticArticle } from './syntheticArticles'

const { values: args } = parseArgs({
  options: {
    engines: { default: 'sqlite,postgres', type: 'string' },
    profile: { type: 'string' },
    samples: { default: '60', type: 'string' },
    sizes: { default: '1000,10000,50000', type: 'string' },
  },
})
const SIZES = args.sizes.split(',').map(Number)
const ENGINES = args.engines.split(',') as DatabaseEngine[]
const SAMPLES = Number(args.samples)
const WARM_UP = 5
const LINKS_PER_ARTICLE = 10
/** Same-topic articles each seeded article is scored against to fill its list. */
const SEED_NEIGHBOURS = 20

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Drizzle = any

async function insertAll(drizzle: Drizzle, table: unknown, rows: Record<string, unknown>[], returning = false) {
  const ids: number[] = []
  const perStatement = Math.max(1, Math.floor(4000 / Math.max(1, Object.keys(rows[0] ?? {}).length)))
  for (let i = 0; i < rows.length; i += perStatement) {
    const statement = drizzle.insert(table).values(rows.slice(i, i + perStatement))
    if (returning) ids.push(...(await statement.returning()).map((row: { id: number }) => row.id))
    else await statement
  }
  return ids
}

/** Writes `count` published articles, their index entries and their lists, in bulk. */
async function seed(payload: Payload, next: () => SyntheticArticle, count: number, categoryIds: number[]) {
  const db = payload.db as unknown as { drizzle: Drizzle; tables: Record<string, unknown> }
  const articles = Array.from({ length: count }, next)
  const now = new Date().toISOString()
  await db.drizzle.transaction(async (tx: Drizzle) => {
    const ids = await insertAll(
      tx,
      db.tables.articles,
      articles.map((article, index) => ({
        _status: 'published',
        body: lexicalParagraph(article.body),
        createdAt: now,
        publishedAt: article.publishedAt.toISOString(),
        slug: `seeded-${index}-${Math.random().toString(36).slice(2, 8)}`,
        summary: article.summary,
        title: article.title,
        updatedAt: now,
      })),
      true,
    )
    await insertAll(
      tx,
      db.tables.articles_rels,
      ids.map((id, index) => ({ categoriesID: categoryIds[articles[index]!.category], order: 1, parent: id, path: 'categories' })),
    )
    const contents = ids.map((id, index) =>
      articleContent({
        body: lexicalParagraph(articles[index]!.body),
        categories: [categoryIds[articles[index]!.category]],
        id,
        publishedAt: articles[index]!.publishedAt.toISOString(),
        summary: articles[index]!.summary,
        title: articles[index]!.title,
      }),
    )
    // Document counts over all terms pick each article's stored terms; the stored counts
    // then count the stored terms, as publishing one by one would.
    const countTerms = (items: { length: number; terms: Map<string, number> }[]) => {
      const frequencies = new Map<string, number>()
      let length = 0
      for (const item of items) {
        length += item.length
        for (const term of item.terms.keys()) frequencies.set(term, (frequencies.get(term) ?? 0) + 1)
      }
      return { documents: items.length, frequencies, length }
    }
    const allTerms = corpusStats(countTerms(contents))
    const indexed: IndexedArticle[] = contents.map((content) => indexedArticle(content, allTerms))
    const counts = countTerms(indexed)
    const documents = counts.frequencies
    const totalLength = counts.length
    const stats = corpusStats(counts)
    await insertAll(tx, db.tables.related_terms, [
      ...[...documents].map(([term, count]) => ({ documents: count, term })),
      { documents: indexed.length, term: DOCUMENTS_ROW },
      { documents: totalLength, term: LENGTH_ROW },
    ])
    await insertAll(
      tx,
      db.tables.related_vectors,
      indexed.map((article) => ({
        article: article.article,
        categories: article.categories,
        fingerprint: article.fingerprint,
        length: article.length,
        publishedAt: article.publishedAt.toISOString(),
        selfScore: article.selfScore,
        terms: packTerms(article.terms),
      })),
    )
    await insertAll(
      tx,
      db.tables.related_postings,
      indexed.flatMap((article) => signature(article.terms, stats).map(({ term, weight }) => ({ article: article.article, term, weight }))),
    )
    const byTopic = new Map<number, IndexedArticle[]>()
    indexed.forEach((article, index) => byTopic.set(articles[index]!.topic, [...(byTopic.get(articles[index]!.topic) ?? []), article]))
    const links = indexed.flatMap((article, index) => {
      const mates = byTopic.get(articles[index]!.topic)!
      const sample = Array.from({ length: Math.min(SEED_NEIGHBOURS, mates.length) }, () => mates[Math.floor(Math.random() * mates.length)]!)
      const toDocument = (a: IndexedArticle) => ({ ...a, id: a.article })
      return scoreRelated(toDocument(article), [...new Set(sample)].map(toDocument), stats)
        .slice(0, LINKS_PER_ARTICLE)
        .map((score, rank) => ({
          excluded: false,
          from: article.article,
          origin: 'auto',
          pinned: false,
          position: rank + 1,
          reason: score.reason,
          score: score.score,
          to: score.id,
        }))
    })
    await insertAll(tx, db.tables.related_links, links)
  })
}

async function draftWithSections(payload: Payload, article: SyntheticArticle, categoryId: number, slug: string) {
  const draft = await payload.create({
    collection: 'articles',
    data: {
      _status: 'draft',
      body: lexicalParagraph(article.body) as never,
      categories: [categoryId],
      generateSlug: false,
      slug,
      summary: article.summary,
      title: article.title,
    },
    draft: true,
  })
  for (const kind of ['opinion', 'action', 'todo'] as const) {
    await payload.create({ collection: 'sections', data: { article: draft.id, body: lexicalParagraph(`Our ${kind}.`) as never, kind } })
  }
  return draft.id
}

async function timePublish(payload: Payload, id: number | string): Promise<number> {
  const start = process.hrtime.bigint()
  await payload.update({ collection: 'articles', data: { _status: 'published' }, id })
  return Number(process.hrtime.bigint() - start) / 1e6
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

type Row = { disabled: number[]; enabled: number[]; engine: string; seedSeconds: number; size: number }

async function measure(engine: DatabaseEngine, size: number): Promise<Row> {
  const database = await createScratchDatabase(engine)
  const withLinks = await getPayload({ config: broadsideConfig({ db: await databaseAdapter({ uri: database.uri }) }), key: `${database.uri}#on` })
  const withoutLinks = await getPayload({
    config: broadsideConfig({ db: await databaseAdapter({ uri: database.uri }), plugins: broadsidePlugins({ relatedLinks: { disabled: true } }) }),
    key: `${database.uri}#off`,
  })
  try {
    const categoryIds: number[] = []
    for (let i = 0; i < 20; i++) {
      categoryIds.push((await withLinks.create({ collection: 'categories', data: { name: `Category ${i}` } })).id as number)
    }
    const next = syntheticArchive(size)
    const seedStart = Date.now()
    await seed(withLinks, next, size, categoryIds)
    // Rows loaded in bulk have no planner statistics until autovacuum analyzes them, a minute or
    // so later; a database that grew to this size has them. Without them PostgreSQL scanned all
    // of related_links for each publish's read of its candidates' lists (10 ms of a 70 ms publish).
    if (engine === 'postgres') await (withLinks.db as unknown as { drizzle: Drizzle }).drizzle.execute(sql.raw('analyze'))
    const seedSeconds = (Date.now() - seedStart) / 1000
    const row: Row = { disabled: [], enabled: [], engine, seedSeconds, size }
    const profiler = args.profile ? new Session() : undefined
    if (profiler) {
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    for (let sample = 0; sample < WARM_UP + SAMPLES; sample++) {
      const article = next()
      const categoryId = categoryIds[article.category]!
      // Alternate which variant goes first, so drift on a shared machine hits both alike.
      const order = sample % 2 === 0 ? (['enabled', 'disabled'] as const) : (['disabled', 'enabled'] as const)
      for (const variant of order) {
        const payload = variant === 'enabled' ? withLinks : withoutLinks
        const id = await draftWithSections(payload, article, categoryId, `measured-${variant}-${sample}`)
        const ms = await timePublish(payload, id)
        if (sample >= WARM_UP) row[variant].push(ms)
      }
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop')
      const file = path.join(args.profile!, `related-${engine}-${size}.cpuprofile`)
      await writeFile(file, JSON.stringify(profile))
      profiler.disconnect()
      console.log(`CPU profile of the timed publishes: ${file}`)
    }
    return row
  } finally {
    await closeDatabase(withoutLinks)
    await closeDatabase(withLinks)
    await database.drop()
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
console.log(`bench:related — ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
console.log(`${SAMPLES} timed publishes per variant and size (after ${WARM_UP} warm-up), variants interleaved.\n`)
const rows: Row[] = []
for (const engine of ENGINES) {
  for (const size of SIZES) {
    const row = await measure(engine, size)
    rows.push(row)
    const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`
    console.log(
      `${engine.padEnd(8)} N=${String(size).padStart(6)}  seeded in ${row.seedSeconds.toFixed(1)} s | related links on: ${fmt(row.enabled)} | plugin disabled: ${fmt(row.disabled)} | p95 ratio on/off ${(percentile(row.enabled, 95) / percentile(row.disabled, 95)).toFixed(2)}`,
    )
  }
}
console.log('\nTargets: p95 on/off at 10,000 ≤ 3; p95 at 50,000 ≤ 2 × p95 at 10,000 (both with related links on).')
for (const engine of ENGINES) {
  const p95 = (size: number) => {
    const row = rows.find((r) => r.engine === engine && r.size === size)
    return row ? percentile(row.enabled, 95) : undefined
  }
  const off10k = rows.find((r) => r.engine === engine && r.size === 10_000)
  const at10k = p95(10_000)
  const at50k = p95(50_000)
  if (at10k && off10k) console.log(`${engine}: on/off at 10,000 = ${(at10k / percentile(off10k.disabled, 95)).toFixed(2)}`)
  if (at10k && at50k) console.log(`${engine}: 50,000 / 10,000 = ${(at50k / at10k).toFixed(2)}`)
}
process.exit(0)
