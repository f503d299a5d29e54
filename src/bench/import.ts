/**
 * `npm run bench:import [-- --pages=1000 --engines=sqlite]`: how fast saved pages import.
 *
 * Generates N pages in the seed's format (made-up words; categories, three sections with a To Do
 * list, related titles naming earlier pages and other outlets) and imports them with the
 * importer's own function on a scratch database: as drafts, again with every page edited (an
 * update each), once more unchanged (nothing to write), and with publishing on a second scratch database. The baseline, measured in the same run on a third
 * scratch database, writes the same content straight through the Local API — article, three
 * sections, related links, no parsing, no matching, no markdown — the floor an importer could
 * reach. Reports pages per second and each figure's ratio to the baseline.
 */
import type { Payload } from 'payload'

import os from 'node:os'
import { parseArgs } from 'node:util'
import { getPayload } from 'payload'

import type { PageFile } from '../import/importPages'

import { broadsideConfig } from '../../payload.config'
import { closeDatabase } from '../database/closeDatabase'
import { databaseAdapter } from '../database/index'
import { createScratchDatabase, type DatabaseEngine } from '../database/scratchDatabase'
import { importPages } from '../import/importPages'
import { parsePage } from '../import/parsePage'
import { lexicalParagraphs } from '../utilities/lexicalParagraph'
import { syntheticPages } from './syntheticPages'

const { values: args } = parseArgs({ options: { engines: { default: 'sqlite', type: 'string' }, pages: { default: '1000', type: 'string' } } })
const PAGES = Number(args.pages)

async function scratchPayload(engine: DatabaseEngine, label: string) {
  const database = await createScratchDatabase(engine)
  const payload = await getPayload({ config: broadsideConfig({ db: await databaseAdapter({ uri: database.uri }) }), key: `${database.uri}#${label}` })
  return {
    close: async () => {
      await closeDatabase(payload)
      await database.drop()
    },
    payload,
  }
}

/** The same content, written straight through the Local API from already-parsed pages. */
async function writeDirectly(payload: Payload, pages: PageFile[]): Promise<void> {
  const parsed = pages.map((page) => parsePage(page.text!))
  const categories = new Map<string, number | string>()
  for (const page of parsed) {
    const ids = []
    for (const name of page.categories) {
      if (!categories.has(name)) categories.set(name, (await payload.create({ collection: 'categories', data: { name } })).id)
      ids.push(categories.get(name)!)
    }
    const article = await payload.create({
      collection: 'articles',
      data: {
        _status: 'draft',
        body: lexicalParagraphs(page.body) as never,
        categories: ids as number[],
        source: { outlet: page.outlet, publishedAt: page.sourcePublishedAt },
        summary: page.summary,
        title: page.title,
      },
      draft: true,
    })
    for (const [order, section] of page.sections.entries()) {
      await payload.create({ collection: 'sections', data: { article: article.id, body: lexicalParagraphs([section.markdown]) as never, kind: section.kind, order } })
    }
    for (const item of page.related) {
      await payload.create({ collection: 'related-links', data: { external: { outlet: item.outlet, title: item.title }, from: article.id } })
    }
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

async function measure(engine: DatabaseEngine, pages: PageFile[]): Promise<void> {
  const rate = (seconds: number) => pages.length / seconds
  const line = (label: string, seconds: number, baseline: number) =>
    console.log(`${engine.padEnd(8)} ${label.padEnd(34)} ${rate(seconds).toFixed(1).padStart(7)} pages/s  (${seconds.toFixed(1)} s; ${(rate(seconds) / rate(baseline)).toFixed(2)} × baseline)`)

  const direct = await scratchPayload(engine, 'direct')
  const baseline = await timed(() => writeDirectly(direct.payload, pages)).finally(direct.close)

  const drafts = await scratchPayload(engine, 'import')
  let first = 0
  let again = 0
  let unchanged = 0
  try {
    first = await timed(async () => {
      const report = await importPages(drafts.payload, pages)
      if (report.created !== pages.length) throw new Error(`expected ${pages.length} created, got ${JSON.stringify({ ...report, pages: undefined })}`)
    })
    // An unchanged page writes nothing, so the update pass gets pages whose summary and
    // Opinion changed: the article and a section written again, as an edited page would be.
    const revised = pages.map((page): PageFile => ({ name: page.name, text: page.text!.replace(/(\nCategories: [^\n]*\n[^\n]*\n\n)/, '$1Revised. ').replace('\nOpinion:\n\n', '\nOpinion:\n\nRevised. ') }))
    again = await timed(async () => {
      const report = await importPages(drafts.payload, revised)
      if (report.updated !== pages.length) throw new Error(`expected ${pages.length} updated, got ${report.updated}`)
    })
    unchanged = await timed(async () => {
      const report = await importPages(drafts.payload, revised)
      if (report.updated !== pages.length) throw new Error(`expected ${pages.length} updated, got ${report.updated}`)
    })
  } finally {
    await drafts.close()
  }

  const published = await scratchPayload(engine, 'publish')
  const publishing = await timed(async () => {
    const report = await importPages(published.payload, pages, { publish: true })
    if (report.published !== pages.length) throw new Error(`expected ${pages.length} published, got ${report.published}: ${report.pages.find((page) => page.problems.length)?.problems}`)
  }).finally(published.close)

  line('baseline: direct Local API writes', baseline, baseline)
  line('import (drafts)', first, baseline)
  line('re-import, every page edited', again, baseline)
  line('re-import, unchanged (no writes)', unchanged, baseline)
  line('import --publish', publishing, baseline)
}

console.log(`bench:import — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${PAGES} generated pages\n`)
const pages = syntheticPages(PAGES)
for (const engine of args.engines.split(',') as DatabaseEngine[]) await measure(engine, pages)
