/**
 * Imports saved pages (see parsePage) into Broadside through the Local API, so every hook runs
 * as it would for an editor: categories are matched or created, the article is created or
 * updated (keyed by its source), its sections and related links are set, and — when asked —
 * it is published through the normal path (required sections, related lists, webhooks).
 *
 * Each page is first checked without writing (saveProblems: the collections' own field hooks and
 * validation on the values it would write), in a dry run too, so a dry run reports what the
 * import would then refuse. Three passes over a batch: every page is saved as a draft first, so
 * that a related title naming another page of the same batch links to it whatever the order of
 * the files; then links; then publishing. Each page's writes in a pass share one transaction: a
 * page that fails leaves nothing half-written, and the pages before it stay imported — or, with
 * `allOrNothing`, the drafts and links of the whole batch share one, and a page that fails
 * leaves nothing of any page. Publishing runs in its own transaction, so a page that cannot be
 * published keeps its draft.
 */
import type { JsonObject, Payload, PayloadRequest, Where } from 'payload'

import { convertMarkdownToLexical, editorConfigFactory } from '@payloadcms/richtext-lexical'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import type { Article } from '../payload-types'
import type { ParsedPage, ParsedRelated } from './parsePage'

import { ARTICLES, CATEGORIES, PETITIONS, RELATED_LINKS, SECTIONS, SITE_SETTINGS } from '../../collections/slugs'
import { lexicalParagraphs } from '../utilities/lexicalParagraph'
import { SLUG_MAX_LENGTH, slugOf, slugWithin } from '../fields/slug'
import { relationId } from '../utilities/relationId'
import { categoryKey, PageFormatError, parsePage } from './parsePage'
import { type PagePreview, pagePreview } from './pagePreview'
import { saveProblems } from './saveProblems'
import { extractActions } from './todoActions'

/** A file to import: its text, or why it could not be read (reported as a failed page). */
export type PageFile = { name: string; text: string; unreadable?: undefined } | { name: string; text?: undefined; unreadable: string }

export type ImportOptions = {
  /** Publish each page after importing it. */
  publish?: boolean
  /** Slug of the petition the pages' "Sign Our Petition" calls point to (else the site's default). */
  petition?: string
  /** Read, match and check everything, write nothing. */
  dryRun?: boolean
  /**
   * Write the batch's drafts and links in one transaction: a page that fails leaves nothing of
   * any page written, and the import stops there (its `failed` page says why). Where the
   * database has no transactions (MongoDB without a replica set) the check before writing is the
   * only guard.
   * @default false (each page in a transaction of its own; the others go on)
   */
  allOrNothing?: boolean
  /** Called after each step of each page: `done` of `total` steps. */
  onProgress?: (done: number, total: number, file: string) => void
}

export type PageOutcome = {
  file: string
  /** `created`/`updated` describe the article (in a dry run: what would happen). */
  status: 'created' | 'failed' | 'updated'
  /** Why the page failed, or why it could not be published. */
  problems: string[]
  articleId?: number | string
  title?: string
  published?: boolean
  /** What the page holds and will write (categories, sections, actions, related titles). */
  preview?: PagePreview
}

export type ImportReport = {
  pages: PageOutcome[]
  created: number
  updated: number
  failed: number
  published: number
  /** Pages asked to be published that stayed drafts (each says why in `problems`). */
  notPublished: number
  categoriesCreated: string[]
}

/** How an all-or-nothing import's report begins the problems of the pages dropped for another's sake. */
export const NOT_KEPT = 'not imported:'

type Id = number | string
type Imported = { outcome: PageOutcome; page: ParsedPage }

export async function importPages(payload: Payload, files: PageFile[], options: ImportOptions = {}): Promise<ImportReport> {
  const steps = files.length * (options.dryRun ? 1 : options.publish ? 3 : 2)
  let done = 0
  const step = (file: string) => options.onProgress?.(++done, steps, file)

  const context = await importContext(payload, options)
  const imported: Imported[] = []
  const pages: PageOutcome[] = []
  const checkReq = await createLocalReq({}, payload)
  // The whole batch's transaction (allOrNothing), or none: then each page opens its own (where
  // the database has no transactions, each page's writes stand alone, and the report says so).
  const batch = options.allOrNothing && !options.dryRun && (await initTransaction(checkReq)) ? checkReq : undefined
  /** The file each news item came from: a second page for one item would overwrite the first. */
  const itemsInBatch = new Map<string, string>()
  for (const file of files) {
    const outcome: PageOutcome = { file: file.name, problems: [], status: 'failed' }
    pages.push(outcome)
    try {
      if (file.text === undefined) throw new PageFormatError([`cannot read the file (${file.unreadable})`])
      const page = parsePage(file.text)
      outcome.title = page.title
      outcome.preview = pagePreview(page, context.categories)
      const existing = await findArticle(payload, page, batch)
      const item = newsItemKey(page)
      const sameItem = itemsInBatch.get(item)
      if (sameItem) throw new PageFormatError([`the same news item as ${sameItem} (${page.sourceUrl ? 'same source URL' : 'same outlet, headline and date'}): a batch imports each news item once`])
      itemsInBatch.set(item, file.name)
      outcome.status = existing ? 'updated' : 'created'
      outcome.articleId = existing?.id
      const problems = await pageProblems(checkReq, page, context)
      if (problems.length > 0) throw new PageFormatError(problems)
      if (!options.dryRun) {
        const newCategories = new Map<string, Id>()
        outcome.articleId = await inTransaction(payload, batch, (req) => saveDraft(req, page, existing?.id, context, newCategories))
        // Only categories whose transaction committed are remembered for the next pages.
        for (const [key, id] of newCategories) context.categories.set(key, id)
        context.categoriesCreated.push(...page.categories.filter((name) => newCategories.has(categoryKey(name))))
      }
      imported.push({ outcome, page })
    } catch (error) {
      outcome.status = 'failed'
      outcome.problems = error instanceof PageFormatError ? error.problems : [messageOf(error)]
      // Payload has rolled the batch's transaction back already: nothing more may be written with it.
      if (batch) return abandonBatch(batch, pages, files, context)
    }
    step(file.name)
  }

  if (!options.dryRun) {
    for (const { outcome, page } of imported) {
      try {
        await inTransaction(payload, batch, (req) => setRelatedLinks(req, outcome.articleId!, page.related))
      } catch (error) {
        outcome.problems.push(`related links: ${messageOf(error)}`)
        if (batch) {
          outcome.status = 'failed'
          return abandonBatch(batch, pages, files, context)
        }
      }
      step(outcome.file)
    }
    if (batch) await commitTransaction(batch)
    if (options.publish) {
      for (const { outcome } of imported) {
        try {
          // Already live as imported (an unchanged page): publishing again would only add a version.
          if (!(await isPublishedAsIs(payload, outcome.articleId!))) {
            await payload.update({ collection: ARTICLES, data: { _status: 'published' }, id: outcome.articleId!, overrideAccess: true })
          }
          outcome.published = true
        } catch (error) {
          outcome.published = false
          outcome.problems.push(`not published, kept as a draft: ${messageOf(error)}`)
        }
        step(outcome.file)
      }
    }
  }

  return report(pages, context)
}

/**
 * An all-or-nothing import that met a failing page: its transaction is rolled back (if Payload
 * has not done so), and every page is reported as not imported, the failing one with its reason.
 */
async function abandonBatch(batch: PayloadRequest, pages: PageOutcome[], files: PageFile[], context: ImportContext): Promise<ImportReport> {
  await killTransaction(batch)
  const failed = pages.find((page) => page.status === 'failed')
  for (const file of files.slice(pages.length)) pages.push({ file: file.name, problems: [], status: 'failed' })
  for (const page of pages) {
    if (page === failed) continue
    page.status = 'failed'
    page.articleId = undefined
    page.problems = [`${NOT_KEPT} ${failed?.file ?? 'another page'} failed, and nothing of this import was kept`]
  }
  context.categoriesCreated = []
  return report(pages, context)
}

function report(pages: PageOutcome[], context: ImportContext): ImportReport {
  return {
    categoriesCreated: context.categoriesCreated,
    created: pages.filter((page) => page.status === 'created').length,
    failed: pages.filter((page) => page.status === 'failed').length,
    notPublished: pages.filter((page) => page.published === false).length,
    pages,
    published: pages.filter((page) => page.published).length,
    updated: pages.filter((page) => page.status === 'updated').length,
  }
}

type ImportContext = {
  /** Category ids by categoryKey, added to as pages that created categories commit. */
  categories: Map<string, Id>
  categoriesCreated: string[]
  dryRun: boolean
  petition?: Id
  sectionMarkdown: (markdown: string) => unknown
}

async function importContext(payload: Payload, options: ImportOptions): Promise<ImportContext> {
  const categories = new Map<string, Id>()
  if (payload.collections[CATEGORIES]) {
    const { docs } = await payload.find({ collection: CATEGORIES, depth: 0, overrideAccess: true, pagination: false, select: { name: true } })
    for (const category of docs) categories.set(categoryKey(category.name), category.id)
  }
  const editorConfig = await editorConfigFactory.default({ config: payload.config })
  return {
    categories,
    categoriesCreated: [],
    dryRun: Boolean(options.dryRun),
    petition: await petitionFor(payload, options.petition),
    sectionMarkdown: (markdown) => convertMarkdownToLexical({ editorConfig, markdown }),
  }
}

/** The petition named on the command line, else the site's default, else none. */
async function petitionFor(payload: Payload, slug: string | undefined): Promise<Id | undefined> {
  if (!payload.collections[PETITIONS]) {
    if (slug) throw new Error(`--petition ${slug}: this site has no petitions collection.`)
    return undefined
  }
  if (slug) {
    const { docs } = await payload.find({ collection: PETITIONS, depth: 0, limit: 1, overrideAccess: true, where: { slug: { equals: slug } } })
    if (!docs[0]) throw new Error(`--petition ${slug}: no petition has that slug.`)
    return docs[0].id
  }
  const settings = (await payload.findGlobal({ depth: 0, overrideAccess: true, slug: SITE_SETTINGS }).catch(() => undefined)) as
    | undefined
    | { defaultPetition?: { id: Id } | Id | null }
  const fallback = settings?.defaultPetition
  return fallback && typeof fallback === 'object' ? fallback.id : (fallback ?? undefined)
}

/** Same source, same article: by URL when the page has one, else by outlet, headline and time. */
/** What identifies a news item, as findArticle matches it. */
function newsItemKey(page: ParsedPage): string {
  return page.sourceUrl ? `url ${page.sourceUrl}` : JSON.stringify([page.outlet, page.title, page.sourcePublishedAt])
}

async function findArticle(payload: Payload, page: ParsedPage, req?: PayloadRequest): Promise<{ id: Id } | undefined> {
  const where: Where = page.sourceUrl
    ? { 'source.url': { equals: page.sourceUrl } }
    : {
        and: [
          { 'source.outlet': { equals: page.outlet } },
          { title: { equals: page.title } },
          { 'source.publishedAt': { equals: page.sourcePublishedAt } },
        ],
      }
  const { docs } = await payload.find({ collection: ARTICLES, depth: 0, limit: 1, overrideAccess: true, pagination: false, req, select: { title: true }, where })
  return docs[0]
}

/** True when the article's latest version is the published one (no newer draft). */
async function isPublishedAsIs(payload: Payload, id: Id): Promise<boolean> {
  const latest = await payload.findByID({ collection: ARTICLES, depth: 0, draft: true, id, overrideAccess: true, select: { _status: true } })
  return latest._status === 'published'
}

/**
 * Whether `stored` already holds every value of `wanted`: what an update with `wanted` would
 * write is there. `undefined` leaves a value as it is (Payload's update does too); values
 * Payload adds of its own (ids of blocks, Lexical's defaults) are not compared.
 */
function alreadyHolds(stored: unknown, wanted: unknown): boolean {
  if (wanted === undefined) return true
  if (wanted === null) return stored === null || stored === undefined
  if (Array.isArray(wanted)) return Array.isArray(stored) && stored.length === wanted.length && wanted.every((value, index) => alreadyHolds(stored[index], value))
  if (typeof wanted === 'object') {
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return false
    return Object.entries(wanted).every(([key, value]) => alreadyHolds((stored as Record<string, unknown>)[key], value))
  }
  return stored === wanted
}

/** Runs `work` in the batch's transaction when there is one, else in a transaction of its own. */
async function inTransaction<T>(payload: Payload, batch: PayloadRequest | undefined, work: (req: PayloadRequest) => Promise<T>): Promise<T> {
  if (batch) return work(batch)
  const req = await createLocalReq({}, payload)
  const owns = await initTransaction(req)
  try {
    const result = await work(req)
    if (owns) await commitTransaction(req)
    return result
  } catch (error) {
    if (owns) await killTransaction(req)
    throw error
  }
}

async function saveDraft(
  req: PayloadRequest,
  page: ParsedPage,
  existingId: Id | undefined,
  context: ImportContext,
  newCategories: Map<string, Id>,
): Promise<Id> {
  const { payload } = req
  const data = articleData(req, page, context)
  if (payload.collections[CATEGORIES]) data.categories = await categoryIds(req, page.categories, context.categories, newCategories)

  // An unchanged page writes nothing: no version, no content event, no webhook.
  const latest = existingId ? await payload.findByID({ collection: ARTICLES, depth: 0, draft: true, id: existingId, overrideAccess: true, req }) : undefined
  const article = !latest
    ? await payload.create({ collection: ARTICLES, data: { ...data, slug: await freeSlug(req, page) } as never, draft: true, overrideAccess: true, req })
    : alreadyHolds(latest, data)
      ? latest
      : await payload.update({ collection: ARTICLES, data, draft: true, id: latest.id, overrideAccess: true, req })
  if (payload.collections[SECTIONS]) await saveSections(req, article.id, page, context)
  return article.id
}

/**
 * A new article's slug: its headline's, or that with -2, -3… when another news item has it — two
 * outlets' stories under one headline are two articles, and slugs are unique. When the holder
 * is this same news item (another import created it meanwhile), the slug stays taken, so the
 * save refuses the page rather than make a second article of one item.
 */
async function freeSlug(req: PayloadRequest, page: ParsedPage): Promise<string | undefined> {
  const base = slugOf(page.title)
  if (!base) return undefined
  // A suffix takes room from the headline, so that the slug field (which keeps slugs within
  // SLUG_MAX_LENGTH) stores the candidate as it is.
  const candidates = Array.from({ length: MAX_SLUG_SUFFIX }, (_, index) => {
    const suffix = index === 0 ? '' : `-${index + 1}`
    return `${slugWithin(base, SLUG_MAX_LENGTH - suffix.length)}${suffix}`
  })
  // One query for every candidate: a headline many outlets ran would otherwise cost one per suffix.
  const { docs } = await req.payload.find({
    collection: ARTICLES,
    depth: 0,
    limit: MAX_SLUG_SUFFIX,
    overrideAccess: true,
    pagination: false,
    req,
    select: { slug: true, source: true, title: true },
    where: { slug: { in: candidates } },
  })
  const holders = new Map((docs as Pick<Article, 'slug' | 'source' | 'title'>[]).map((holder) => [holder.slug, holder]))
  for (const candidate of candidates) {
    const holder = holders.get(candidate)
    if (!holder || sameNewsItem(holder, page)) return candidate
  }
  // The save names the taken slug.
  return base
}

function sameNewsItem(article: Pick<Article, 'source' | 'title'>, page: ParsedPage): boolean {
  if (page.sourceUrl) return article.source?.url === page.sourceUrl
  return article.source?.outlet === page.outlet && article.title === page.title && new Date(article.source?.publishedAt ?? 0).getTime() === new Date(page.sourcePublishedAt).getTime()
}

const MAX_SLUG_SUFFIX = 50

/** The article's values a page writes (categories apart: they may not exist yet). */
function articleData(req: PayloadRequest, page: ParsedPage, context: ImportContext): Record<string, unknown> {
  const data: Record<string, unknown> = {
    body: lexicalParagraphs(page.body),
    source: { outlet: page.outlet, publishedAt: page.sourcePublishedAt, url: page.sourceUrl },
    summary: page.summary,
    title: page.title,
  }
  if (req.payload.collections[PETITIONS] && page.petitionCalls > 0 && context.petition !== undefined) data.petition = context.petition
  return data
}

/** A section's values (its article apart: it may not exist yet). */
function sectionData(section: ParsedPage['sections'][number], index: number, context: ImportContext) {
  return {
    actions: section.kind === 'todo' ? extractActions(section.markdown) : undefined,
    body: context.sectionMarkdown(section.markdown),
    kind: section.kind,
    order: index + 1,
  }
}

/**
 * Every value the page would write, checked as its save checks it; each problem names the
 * document and the field. Links between the page's own documents (a section's article, a new
 * category's id) are left out: they exist only once the import writes them.
 */
async function pageProblems(req: PayloadRequest, page: ParsedPage, context: ImportContext): Promise<string[]> {
  const { payload } = req
  const article = articleData(req, page, context)
  if (payload.collections[CATEGORIES]) {
    article.categories = page.categories.map((name) => context.categories.get(categoryKey(name))).filter((id) => id !== undefined)
  }
  const problems = (await saveProblems(req, ARTICLES, article)).map((problem) => `article ${problem}`)
  if (payload.collections[CATEGORIES]) {
    for (const name of page.categories.filter((name) => !context.categories.has(categoryKey(name)))) {
      problems.push(...(await saveProblems(req, CATEGORIES, { name })).map((problem) => `category ${problem}`))
    }
  }
  if (payload.collections[SECTIONS]) {
    // A re-import updates each kind's section in place, so an article holds one of each (as sections' own rule says).
    for (const kind of new Set(page.sections.map((section) => section.kind))) {
      const count = page.sections.filter((section) => section.kind === kind).length
      if (count > 1) problems.push(`sections: the page has ${count} ${kind} sections; an article has one of each kind.`)
    }
    for (const [index, section] of page.sections.entries()) {
      const data = JSON.parse(JSON.stringify(sectionData(section, index, context))) as JsonObject
      problems.push(...(await saveProblems(req, SECTIONS, data)).map((problem) => `${section.kind} section ${problem}`))
    }
  }
  if (payload.collections[RELATED_LINKS]) {
    for (const [index, item] of page.related.entries()) {
      const data = { external: { outlet: item.outlet, title: item.title }, origin: 'manual', position: index + 1 }
      problems.push(...(await saveProblems(req, RELATED_LINKS, data)).map((problem) => `related link ${index + 1} ${problem}`))
    }
  }
  return problems
}

async function categoryIds(req: PayloadRequest, names: string[], known: Map<string, Id>, created: Map<string, Id>): Promise<Id[]> {
  const ids: Id[] = []
  for (const name of names) {
    const key = categoryKey(name)
    let id = known.get(key) ?? created.get(key)
    if (id === undefined) {
      id = (await req.payload.create({ collection: CATEGORIES, data: { name }, overrideAccess: true, req })).id
      created.set(key, id)
    }
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

/** One section per kind, updated in place on a re-import; sections an editor added stay. */
async function saveSections(req: PayloadRequest, articleId: Id, page: ParsedPage, context: ImportContext): Promise<void> {
  const { payload } = req
  const { docs: existing } = await payload.find({
    collection: SECTIONS,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    where: { article: { equals: articleId } },
  })
  for (const [index, section] of page.sections.entries()) {
    const data = { ...sectionData(section, index, context), article: articleId }
    const current = existing.find((doc) => doc.kind === section.kind)
    if (current && alreadyHolds(current, data)) continue
    if (current) await payload.update({ collection: SECTIONS, data: data as never, id: current.id, overrideAccess: true, req })
    else await payload.create({ collection: SECTIONS, data: data as never, overrideAccess: true, req })
  }
}

/**
 * Every related title becomes a link, placed in the page's order: to one of our articles when
 * the title names it, else to the headline elsewhere (the outlet split off). A re-import pairs
 * the page's items with the links already there by exactly what they point at (letter case
 * and outlet included), the n-th item naming something with the n-th such link in list order,
 * and adds only the items left unpaired: an unchanged page writes nothing, a page listing two
 * near-identical headlines keeps both, and links an editor added stay.
 */
async function setRelatedLinks(req: PayloadRequest, articleId: Id, related: ParsedRelated[]): Promise<void> {
  const { payload } = req
  if (!payload.collections[RELATED_LINKS] || related.length === 0) return
  const { docs: existing } = await payload.find({
    collection: RELATED_LINKS,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { external: true, to: true },
    sort: 'position',
    where: { and: [{ from: { equals: articleId } }, { origin: { equals: 'manual' } }] },
  })
  const unpaired = new Map<string, number>()
  for (const link of existing) {
    const key = linkKey(relationId(link.to), link.external)
    unpaired.set(key, (unpaired.get(key) ?? 0) + 1)
  }
  for (const [index, item] of related.entries()) {
    const target = await articleTitled(req, item, articleId)
    const external = { outlet: item.outlet, title: item.title }
    const key = linkKey(target, external)
    const left = unpaired.get(key) ?? 0
    if (left > 0) {
      unpaired.set(key, left - 1)
      continue
    }
    await payload.create({
      collection: RELATED_LINKS,
      data: { ...(target === undefined ? { external } : { to: target }), from: articleId, origin: 'manual', position: index + 1 } as never,
      overrideAccess: true,
      req,
    })
  }
}

/** What a link points at, as the page wrote it. */
function linkKey(to: Id | undefined, external: null | undefined | { outlet?: null | string; title?: null | string }): string {
  return to !== undefined ? `article ${to}` : JSON.stringify([external?.title ?? '', external?.outlet ?? ''])
}

/**
 * Our article with this title: the whole line first (a headline may itself end in " - Name"),
 * then the title without its outlet; a title cut short with "..." matches by its beginning.
 */
async function articleTitled(req: PayloadRequest, item: ParsedRelated, self: Id): Promise<Id | undefined> {
  const candidates = item.outlet ? [`${item.title} - ${item.outlet}`, item.title] : [item.title]
  for (const title of candidates) {
    const cut = title.match(/^(.*?)[\s,]*(?:\.\.\.|…)$/)
    const where: Where = cut ? { title: { like: cut[1] } } : { title: { equals: title } }
    const { docs } = await req.payload.find({
      collection: ARTICLES,
      depth: 0,
      limit: 10,
      overrideAccess: true,
      pagination: false,
      req,
      select: { title: true },
      where: { and: [where, { id: { not_equals: self } }] },
    })
    const match = docs.find((doc) => (cut ? doc.title.startsWith(cut[1]!) : true))
    if (match) return match.id
  }
  return undefined
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'data' in error) {
    // Payload's ValidationError names each field and its problem.
    const errors = (error as { data?: { errors?: { message: string; path: string }[] } }).data?.errors
    if (errors?.length) return errors.map(({ message, path }) => `${path}: ${message}`).join('; ')
  }
  return error instanceof Error ? error.message : String(error)
}
