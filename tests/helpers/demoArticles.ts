/**
 * Content shaped like the demo: the six demo pages imported and published the normal way
 * (categories, the three sections with typed actions, related links, the demo petition), plus a
 * second edition of each under another headline, so a list of ten is full; each article gets a
 * hero image uploaded through the media collection (resized into its sizes).
 */
import type { Payload } from 'payload'

import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'

import { importPages, type PageFile } from '../../src/import/importPages'
import { seedDemoIfEmpty } from '../../src/demo/seedDemo'

const DEMO_PAGES = path.resolve(import.meta.dirname, '../../src/demo/pages')

async function secondEditions(): Promise<PageFile[]> {
  const names = (await readdir(DEMO_PAGES)).filter((name) => name.endsWith('.txt')).sort()
  return Promise.all(
    names.map(async (name) => {
      const lines = (await readFile(path.join(DEMO_PAGES, name), 'utf8')).split('\n')
      // The headline is the first line after the site chrome that the outlet line follows.
      const outletLine = lines.findIndex((line) => / -- /.test(line))
      const headline = lines.slice(0, outletLine).reverse().find((line) => line.trim() !== '')!
      return { name: `second-${name}`, text: lines.join('\n').replaceAll(headline, `${headline}: A Second Look`) }
    }),
  )
}

/** Seeds the demo-like archive; returns the published articles' ids, newest first. */
export async function seedDemoArticles(payload: Payload): Promise<(number | string)[]> {
  await seedDemoIfEmpty(payload)
  await importPages(payload, await secondEditions(), { publish: true })
  const image = await sharp({ create: { background: '#446688', channels: 3, height: 900, width: 1600 } }).jpeg().toBuffer()
  const hero = await payload.create({
    collection: 'media',
    data: { alt: 'A council chamber', caption: 'The chamber before the vote', credit: 'Demo Desk' },
    file: { data: image, mimetype: 'image/jpeg', name: 'hero.jpg', size: image.length },
  })
  const { docs } = await payload.find({ collection: 'articles', depth: 0, limit: 0, select: { title: true }, sort: '-publishedAt' })
  for (const { id } of docs) await payload.update({ collection: 'articles', data: { heroImage: hero.id }, id })
  return docs.map((doc) => doc.id)
}
