/**
 * Demo content for a first start: on an empty database the server loads the invented pages in
 * ./pages through the importer (published, so a new user sees a working site with sections,
 * related links and a petition to sign). `SEED_DEMO=false` turns it off.
 */
import type { Payload } from 'payload'

import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

import type { ImportReport } from '../import/importPages'

import { ARTICLES, CATEGORIES, PETITIONS, SITE_SETTINGS } from '../../collections/slugs'
import { importPages } from '../import/importPages'
import { lexicalParagraph } from '../utilities/lexicalParagraph'

const PAGES_DIR = path.join(import.meta.dirname, 'pages')

export const DEMO_PETITION_SLUG = 'keep-harrowgate-public-services-open'

/**
 * Seeds the demo site when the database holds no articles and no categories — a first start.
 * Returns the import report, or undefined when there was something already.
 */
export async function seedDemoIfEmpty(payload: Payload): Promise<ImportReport | undefined> {
  const { totalDocs: articles } = await payload.count({ collection: ARTICLES, overrideAccess: true })
  const categories = payload.collections[CATEGORIES] ? (await payload.count({ collection: CATEGORIES, overrideAccess: true })).totalDocs : 0
  if (articles > 0 || categories > 0) return undefined

  if (payload.collections[PETITIONS]) await createDemoPetition(payload)
  const names = (await readdir(PAGES_DIR)).filter((name) => name.endsWith('.txt')).sort()
  const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(path.join(PAGES_DIR, name), 'utf8') })))
  return importPages(payload, files, { publish: true })
}

/** The petition the demo pages' "Sign Our Petition" calls lead to, made the site's default. */
async function createDemoPetition(payload: Payload): Promise<void> {
  const petition = await payload.create({
    collection: PETITIONS,
    data: {
      _status: 'published',
      goal: 500,
      petitionText: lexicalParagraph(
        'We ask the Harrowgate city council to keep branch libraries, cooling centres and school meals funded in the next budget, and to hold a public hearing before any service is cut.',
      ) as never,
      slug: DEMO_PETITION_SLUG,
      summary: 'Ask the council to protect the services neighbours rely on.',
      targets: [{ name: 'Harrowgate City Council', office: 'City council' }],
      title: "Keep Harrowgate's public services open",
    },
    overrideAccess: true,
  })
  if (payload.globals.config.some((global) => global.slug === SITE_SETTINGS)) {
    await payload.updateGlobal({ data: { defaultPetition: petition.id } as never, overrideAccess: true, slug: SITE_SETTINGS })
  }
}

/** One line for the server log. */
export function describeDemoSeed(report: ImportReport): string {
  const problems = report.pages.filter((page) => page.problems.length > 0).map((page) => `${page.file}: ${page.problems.join('; ')}`)
  return (
    `Demo content: ${report.published} of ${report.pages.length} demo articles published (set SEED_DEMO=false to start empty).` +
    (problems.length > 0 ? `\nDemo content problems:\n${problems.join('\n')}` : '')
  )
}
