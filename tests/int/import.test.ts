// The importer turns saved pages into articles with their source, categories, sections (as
// Lexical rich text with typed actions), petition and related links — idempotently, reporting
// bad files, and publishing through the normal path when asked.
import type { Payload } from 'payload'

import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Article, RelatedLink, Section } from '../../src/payload-types'

import { importPages, type PageFile } from '../../src/import/importPages'
import { publishArticle } from '../helpers/articles'
import { skipOnEmulator } from '../helpers/mongoEmulator'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import')
const fixture = (name: string): PageFile => ({ name, text: readFileSync(path.join(FIXTURES, name), 'utf8') })
// Pages for one behaviour each, outside the folder the tests above import whole.
const CASES = path.join(import.meta.dirname, '../fixtures/import-cases')
const caseFile = (name: string) => ({ name, text: readFileSync(path.join(CASES, name), 'utf8') })
const allFixtures = () => readdirSync(FIXTURES).sort().map(fixture)

const FULL_TITLE = 'Brackenridge council approves transit levy after seven-hour hearing'

let test: TestPayload
let payload: Payload

beforeAll(async () => {
  test = await startTestPayload()
  payload = test.payload
})
afterAll(() => test?.close())

async function articleTitled(title: string): Promise<Article> {
  const { docs } = await payload.find({ collection: 'articles', depth: 0, draft: true, where: { title: { equals: title } } })
  expect(docs).toHaveLength(1)
  return docs[0]!
}
const sectionsOf = async (id: Article['id']) =>
  (await payload.find({ collection: 'sections', depth: 0, pagination: false, sort: 'order', where: { article: { equals: id } } })).docs as Section[]
const linksOf = async (id: Article['id']) =>
  (await payload.find({ collection: 'related-links', depth: 0, pagination: false, where: { from: { equals: id } } })).docs as RelatedLink[]
const counts = async () => ({
  articles: (await payload.count({ collection: 'articles' })).totalDocs,
  categories: (await payload.count({ collection: 'categories' })).totalDocs,
  links: (await payload.count({ collection: 'related-links' })).totalDocs,
  sections: (await payload.count({ collection: 'sections' })).totalDocs,
})

/** Every node of a Lexical value, depth first. */
function nodes(value: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = []
  const visit = (node: Record<string, unknown>) => {
    found.push(node)
    for (const child of (node.children as Record<string, unknown>[] | undefined) ?? []) visit(child)
  }
  visit((value as { root: Record<string, unknown> }).root)
  return found
}

describe('importing saved pages', () => {
  // A published article whose headline one of full-page.txt's related titles names.
  let internalTarget: Article

  it('reads every fixture, reports the file that is not a page by name with what is missing, and goes on', async () => {
    ;({ article: internalTarget } = await publishArticle(payload, { title: 'Bus riders pack council chambers as transit levy heads to voters' }))
    // An existing category written another way is matched, not duplicated.
    await payload.create({ collection: 'categories', data: { name: 'local government' } })

    const report = await importPages(payload, allFixtures())
    expect(report.failed).toBe(1)
    const failed = report.pages.find((page) => page.status === 'failed')!
    expect(failed.file).toBe('not-a-page.txt')
    expect(failed.problems).toEqual(expect.arrayContaining(['no headline', 'no summary']))
    expect(report.created).toBe(6)
    expect(report.pages.filter((page) => page.status === 'created').every((page) => page.problems.length === 0)).toBe(true)
  })

  it('keeps the source, the original time in UTC, the categories as first written, the summary and the body', async () => {
    const article = await articleTitled(FULL_TITLE)
    expect(article._status).toBe('draft')
    expect(article.source).toMatchObject({
      outlet: 'brackenridgeledger.example',
      publishedAt: '2025-03-05T02:05:12.000Z', // 9:05:12 PM Eastern Standard Time
      url: 'https://brackenridgeledger.example/2025/03/04/council-transit-levy',
    })
    expect(article.summary).toMatch(/^The Brackenridge city council voted 5-4/)
    const paragraphs = nodes(article.body).filter((node) => node.type === 'paragraph')
    expect(paragraphs.length).toBe(4)
    expect(JSON.stringify(article.body)).not.toMatch(/Story continues below this ad|Sign Our Petition|Expand/)

    const categories = (await payload.find({ collection: 'categories', pagination: false, sort: 'createdAt' })).docs
    const names = (article.categories as number[]).map((id) => categories.find((category) => category.id === id)!.name)
    expect(names).toEqual(['local government', 'Transit–Infrastructure Policy', 'Taxes & Budgets', 'Mt. Halden Region'])
    expect(categories.filter((category) => category.name.toLowerCase().startsWith('transit'))).toHaveLength(1)
  })

  it('turns Opinion, Action and To Do into sections of rich text, with headings, nested lists, bold and links, and typed actions', async () => {
    const article = await articleTitled(FULL_TITLE)
    const sections = await sectionsOf(article.id)
    expect(sections.map((section) => section.kind)).toEqual(['opinion', 'action', 'todo'])
    expect(nodes(sections[0]!.body).filter((node) => node.type === 'paragraph')).toHaveLength(2)

    const todo = nodes(sections[2]!.body)
    expect(todo.filter((node) => node.type === 'heading').map((node) => node.tag)).toEqual(['h3', 'h3'])
    const lists = todo.filter((node) => node.type === 'list')
    expect(lists.some((list) => list.listType === 'number')).toBe(true)
    // Inline "- …" sub-items became a bullet list inside a numbered item.
    expect(lists.some((list) => list.listType === 'bullet')).toBe(true)
    expect(todo.some((node) => node.type === 'text' && node.text === 'Read the Measure' && node.format === 1)).toBe(true)
    const link = todo.find((node) => node.type === 'link') as { fields?: { url?: string } } | undefined
    expect(link?.fields?.url).toMatch(/^https:\/\//)

    const actions = sections[2]!.actions ?? []
    expect(actions.find((action) => action.blockType === 'petition')).toMatchObject({
      platform: 'Change.org',
      title: 'Petition to Restore Evening Bus Service',
      url: 'https://www.change.org/p/restore-brackenridge-evening-buses',
    })
    expect(actions.find((action) => action.blockType === 'contactOfficial' && action.name === 'The White House')).toMatchObject({
      contactUrl: 'https://www.whitehouse.gov/contact/',
      postalAddress: expect.stringContaining('1600 Pennsylvania'),
    })
    expect(actions.filter((action) => action.blockType === 'supportOrganization').map((action) => action.name)).toEqual(
      expect.arrayContaining(['Brackenridge Riders Union (BRU)', 'Pedal & Path Halden']),
    )
    expect(actions.find((action) => action.blockType === 'share')).toMatchObject({ hashtags: ['FundTheBus', 'BrackenridgeMoves'] })
    expect(sections[0]!.actions ?? []).toEqual([])
  })

  it('makes a related title naming one of our articles an internal link, and the rest external links with the outlet split off', async () => {
    const article = await articleTitled(FULL_TITLE)
    const links = await linksOf(article.id)
    expect(links).toHaveLength(5)
    expect(links.filter((link) => link.to === internalTarget.id)).toHaveLength(1)
    const external = links.filter((link) => !link.to).map((link) => link.external)
    expect(external).toContainEqual(expect.objectContaining({ outlet: 'Halden Valley Courier', title: 'Levy vote splits Brackenridge neighbourhoods -- what happens next' }))
    // A dash inside a title is not an outlet.
    expect(external).toContainEqual(expect.objectContaining({ title: 'A levy is only as good as the routes it buys - and the valley knows it' }))
    expect(links.every((link) => link.origin === 'manual')).toBe(true)
  })

  it('reads pages in another time zone, with Windows line endings, or without categories, sections or related articles', async () => {
    const other = await importedFrom('other-timezone.txt')
    expect(other.source?.publishedAt).toBe('2025-06-06T14:15:00.000Z') // 4:15 PM Central European Summer Time
    const crlf = await importedFrom('crlf.txt')
    expect(crlf.source?.publishedAt).toBe('2025-01-13T15:30:45.000Z') // 7:30:45 AM Pacific Standard Time
    expect(crlf.title).not.toMatch(/\r/)
    expect((await sectionsOf(crlf.id)).length).toBeGreaterThan(0)
    expect((await importedFrom('no-categories.txt')).categories).toEqual([])
    const opinionOnly = await importedFrom('opinion-only.txt')
    expect((await sectionsOf(opinionOnly.id)).map((section) => section.kind)).toEqual(['opinion'])
    expect(await linksOf((await importedFrom('no-related.txt')).id)).toEqual([])
  })

  it('updates the same articles when the same pages come again: no duplicate articles, sections, categories or links', async () => {
    const before = await counts()
    const again = await importPages(payload, allFixtures())
    expect(again.created).toBe(0)
    expect(again.updated).toBe(6)
    expect(await counts()).toEqual(before)
    const third = await importPages(payload, allFixtures())
    expect(third.updated).toBe(6)
    expect(await counts()).toEqual(before)
  })

  it('gives the pages that call for signatures the petition named, else the site default; a dry run writes nothing', async () => {
    const named = await payload.create({ collection: 'petitions', data: { _status: 'published', slug: 'named-petition', title: 'Named' } })
    const fallback = await payload.create({ collection: 'petitions', data: { _status: 'published', slug: 'site-default', title: 'Default' } })
    await payload.updateGlobal({ data: { defaultPetition: fallback.id }, slug: 'site-settings' })

    await importPages(payload, [fixture('full-page.txt')], { petition: 'named-petition' })
    expect((await articleTitled(FULL_TITLE)).petition).toBe(named.id)
    await importPages(payload, [fixture('full-page.txt')])
    expect((await articleTitled(FULL_TITLE)).petition).toBe(fallback.id)
    await expect(importPages(payload, [fixture('full-page.txt')], { petition: 'no-such-petition' })).rejects.toThrow(/no-such-petition/)

    const before = await counts()
    const fullPage = readFileSync(path.join(FIXTURES, 'full-page.txt'), 'utf8')
    const changed = { name: 'brand-new.txt', text: fullPage.replace(/Brackenridge council approves/g, 'Brackenridge council rejects').replace(/^Source: .*$/m, '') }
    const dry = await importPages(payload, [changed, fixture('crlf.txt')], { dryRun: true })
    expect(dry.pages.map((page) => page.status)).toEqual(['created', 'updated'])
    expect(await counts()).toEqual(before)
  })

  it('publishes through the normal path when asked; a page that cannot be published stays a draft and is reported', async () => {
    const report = await importPages(payload, [fixture('full-page.txt'), fixture('opinion-only.txt')], { publish: true })
    expect(report.published).toBe(1)
    expect(report.notPublished).toBe(1)
    const refused = report.pages.find((page) => page.file === 'opinion-only.txt')!
    expect(refused.problems.join(' ')).toMatch(/not published, kept as a draft: .*(Action|To Do)/)
    expect((await articleTitled(FULL_TITLE))._status).toBe('published')
    expect((await importedFrom('opinion-only.txt'))._status).toBe('draft')
    // Visitors now read it, with its related links (the imported ones and the publishing hooks' own).
    const visible = await payload.find({ collection: 'articles', overrideAccess: false, where: { title: { equals: FULL_TITLE } } })
    expect(visible.docs).toHaveLength(1)
  })
})

describe('a page with ten related headlines, a petition on two platforms and a contact listed under an example', () => {
  const LIBRARY_TITLE = 'Lindenfield county board votes to close two library branches'
  const library = () => caseFile('library-branches.txt')
  // One of the page's related headlines is ours.
  let ours: Article

  /** The links' targets in list order: our article's title, or the external title and outlet. */
  async function listed(id: Article['id']): Promise<string[]> {
    const links = (await payload.find({ collection: 'related-links', depth: 1, pagination: false, sort: 'position', where: { from: { equals: id } } })).docs as RelatedLink[]
    return links.map((link) => (link.to && typeof link.to === 'object' ? `ours: ${link.to.title}` : `${link.external?.title} | ${link.external?.outlet ?? ''}`))
  }

  it('keeps all ten related headlines as ten links in the page order, the two that differ only in case and outlet among them, and adds none on a re-import', async () => {
    ;({ article: ours } = await publishArticle(payload, { title: 'Eastgate branch patrons line up to save their reading room' }))
    const first = await importPages(payload, [library()])
    expect(first.pages[0]!.problems).toEqual([])
    const article = await articleTitled(LIBRARY_TITLE)
    const expected = [
      'Library hours shrink across the county as budget talks stall | Prairie Ledger',
      `ours: ${ours.title}`,
      'Lindenfield Board Weighs Branch Closures, Longer Hours Downtown | North Star Wire',
      'Lindenfield Board weighs branch closures, longer hours downtown | ',
      'What a branch library is worth to a small town,... | ',
      'County budget gap tops $4 million as sales tax falls short | lindenfieldgazette',
      'Readers rally outside Millrace library before Thursday vote | ',
      'Closing libraries is a false economy | Heartland Review',
      'Students worry about losing after-school study space | ',
      'Supervisors promise review of library funding formula | Prairie Ledger',
    ]
    expect(await listed(article.id)).toEqual(expected)
    // Publishing adds automatic links of its own; the page's are the editors' kind.
    const pageLinks = async () => (await linksOf(article.id)).filter((link) => link.origin === 'manual').map((link) => link.id)
    const ids = await pageLinks()
    expect(ids).toHaveLength(10)

    await importPages(payload, [library()])
    await importPages(payload, [library()], { publish: true })
    expect(await pageLinks()).toEqual(ids)
    await importPages(payload, [library()])
    expect(await pageLinks()).toEqual(ids)
  })

  it('keeps every platform a petition is offered on: one petition action each', async () => {
    const todo = (await sectionsOf((await articleTitled(LIBRARY_TITLE)).id)).find((section) => section.kind === 'todo')!
    const petitions = (todo.actions ?? []).filter((action) => action.blockType === 'petition')
    expect(petitions.map(({ platform, title }) => ({ platform, title }))).toEqual([
      { platform: 'Change.org', title: 'Petition to Keep Lindenfield Branches Open' },
      { platform: 'MoveOn', title: 'Petition to Keep Lindenfield Branches Open' },
    ])
    expect((todo.actions ?? []).find((action) => action.blockType === 'contactOfficial' && action.name === 'Harriet Quill')).toMatchObject({
      email: 'h.quill@lindenfield.example',
      office: 'Supervisor',
      postalAddress: '300 Courthouse Square, Lindenfield, MN 55001',
    })
  })

  it('keeps the contact listed under "Example Contact: … write to:" a level below it in the rich text', async () => {
    const todo = (await sectionsOf((await articleTitled(LIBRARY_TITLE)).id)).find((section) => section.kind === 'todo')!
    // How many lists hold the list item whose own text starts with `start`.
    const depths = new Map<string, number>()
    const visit = (node: Record<string, unknown>, lists: number) => {
      const inside = node.type === 'list' ? lists + 1 : lists
      if (node.type === 'listitem') {
        const text = ((node.children as Record<string, unknown>[]) ?? [])
          .filter((child) => child.type !== 'list')
          .flatMap((child) => nodes({ root: child }))
          .map((child) => child.text ?? '')
          .join('')
        if (text) depths.set(text, inside)
      }
      for (const child of (node.children as Record<string, unknown>[] | undefined) ?? []) visit(child, inside)
    }
    visit((todo.body as { root: Record<string, unknown> }).root, 0)
    const depthOf = (start: string) => [...depths].find(([text]) => text.startsWith(start))?.[1]
    expect(depthOf('Contact County Officials')).toBe(1)
    expect(depthOf('Write to the Board')).toBe(2)
    expect(depthOf('Example Contact')).toBe(2)
    expect(depthOf('Supervisor Harriet Quill')).toBe(3)
    expect(depthOf('Email: h.quill@lindenfield.example')).toBe(3)
    expect(depthOf('Mailing Address: 300 Courthouse Square')).toBe(3)
    expect(depthOf('Show Up')).toBe(1)
  })

  it('writes nothing when an unchanged page comes again: no version, no webhook delivery, published or not', async () => {
    // Deliveries are recorded when a change is queued (no runner sends them in this test).
    process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
    await payload.create({ collection: 'webhooks', data: { active: true, events: ['*'], name: 'Static site', url: 'http://127.0.0.1:9/hook' } as never })
    const article = await articleTitled(LIBRARY_TITLE)
    const state = async () => ({
      article: (await payload.findVersions({ collection: 'articles', limit: 0, where: { parent: { equals: article.id } } })).totalDocs,
      deliveries: (await payload.find({ collection: 'webhook-deliveries', depth: 0, pagination: false, sort: 'id' })).docs.map((doc) => JSON.stringify(doc)),
      jobs: (await payload.count({ collection: 'payload-jobs' })).totalDocs,
      updatedAt: [
        (await payload.findByID({ collection: 'articles', depth: 0, draft: true, id: article.id })).updatedAt,
        ...(await sectionsOf(article.id)).map((section) => section.updatedAt),
        ...(await linksOf(article.id)).map((link) => link.updatedAt),
      ],
    })
    const before = await state()
    const again = await importPages(payload, [library()], { publish: true })
    expect(again.pages[0]).toMatchObject({ problems: [], published: true, status: 'updated' })
    expect(await state()).toEqual(before)
    await importPages(payload, [library()])
    expect(await state()).toEqual(before)

    // A change is still written, and announced.
    const changed = { name: 'library-branches.txt', text: library().text.replace('voted 3-2 on Thursday', 'voted 3-2 late on Thursday') }
    await importPages(payload, [changed], { publish: true })
    const after = await state()
    expect(after.article).toBeGreaterThan(before.article)
    expect(after.deliveries).not.toEqual(before.deliveries)
  })
})

describe('a batch with a page whose values its save refuses', () => {
  // A page of its own (new source, title and category) beside one holding a NUL byte.
  const fullPage = readFileSync(path.join(FIXTURES, 'full-page.txt'), 'utf8')
  const fresh = (name: string, marker: string) => ({
    name,
    text: fullPage
      .replace('brackenridgeledger.example/2025/03/04/council-transit-levy', `brackenridgeledger.example/${marker}`)
      .replaceAll(FULL_TITLE, `${FULL_TITLE} (${marker})`)
      .replace('Categories: Local Government', `Categories: ${marker} desk, Local Government`),
  })
  const withNul = (file: { name: string; text: string }): PageFile => ({ ...file, text: file.text.replace('voted 5-4 late Tuesday', 'voted 5-4\u0000 late Tuesday') })

  it('reports the refused value in a dry run, naming the field, and writes nothing', async () => {
    const before = await counts()
    const report = await importPages(payload, [fresh('good.txt', 'dry-good'), withNul(fresh('nul.txt', 'dry-nul'))], { dryRun: true })
    expect(report.pages.map((page) => page.status)).toEqual(['created', 'failed'])
    expect(report.pages[1]!.problems.join('\n')).toMatch(/^article summary: .*NUL/m)
    expect(await counts()).toEqual(before)
  })

  it('all or nothing: the good page is not kept either, its category included', async (context) => {
    skipOnEmulator(context, 'it accepts abortTransaction but rolls nothing back (there the check before writing is the guard)')
    const before = await counts()
    const report = await importPages(payload, [fresh('good.txt', 'batch-good'), withNul(fresh('nul.txt', 'batch-nul'))], { allOrNothing: true, publish: true })
    expect(report.failed).toBe(2)
    expect(report.pages[1]!.problems.join('\n')).toMatch(/^article summary: .*NUL/m)
    expect(report.pages[0]!.problems[0]).toMatch(/^not imported: nul\.txt failed/)
    expect(report.categoriesCreated).toEqual([])
    expect(await counts()).toEqual(before)
  })

  it('page by page (the command line): the good page is kept, the bad one reported and not written', async () => {
    const before = await counts()
    const report = await importPages(payload, [fresh('good.txt', 'page-good'), withNul(fresh('nul.txt', 'page-nul'))])
    expect(report.pages.map((page) => page.status)).toEqual(['created', 'failed'])
    const after = await counts()
    expect(after.articles).toBe(before.articles + 1)
    expect(after.sections).toBe(before.sections + 3)
    expect(await payload.count({ collection: 'articles', where: { title: { like: 'page-nul' } } })).toMatchObject({ totalDocs: 0 })
  })

  it('two news items under one headline are two articles: the second slug gains -2, in one batch and across batches', async () => {
    const headline = (file: { name: string; text: string }, title: string): PageFile => ({ name: file.name, text: file.text.replaceAll(/^.*\(same-headline-\w+\)$/gm, title) })
    const first = headline(fresh('first.txt', 'same-headline-one'), 'One headline, two outlets')
    const second = headline(fresh('second.txt', 'same-headline-two'), 'One headline, two outlets')
    const third = headline(fresh('third.txt', 'same-headline-three'), 'One headline, two outlets')
    const dry = await importPages(payload, [first, second], { dryRun: true })
    expect(dry.pages.map((page) => [page.status, page.problems])).toEqual([
      ['created', []],
      ['created', []],
    ])
    const report = await importPages(payload, [first, second], { allOrNothing: true })
    expect(report.pages.map((page) => page.status)).toEqual(['created', 'created'])
    expect((await importPages(payload, [third])).pages[0]!.status).toBe('created')
    const { docs } = await payload.find({ collection: 'articles', depth: 0, draft: true, sort: 'createdAt', where: { title: { equals: 'One headline, two outlets' } } })
    expect(docs.map((article) => article.slug)).toEqual(['one-headline-two-outlets', 'one-headline-two-outlets-2', 'one-headline-two-outlets-3'])
  })

  it('a headline of a thousand characters gets a slug of at most 200 characters, ending at a word; another outlet’s gets -2 within 200 too', async () => {
    // Its -2…-50 candidates once went past the 1,000 characters a where value may hold, and
    // the importer's own slug lookup was refused.
    const title = `${'Council '.repeat(124)}votes`
    expect(title.length).toBeGreaterThan(990)
    const headline = (file: { name: string; text: string }): PageFile => ({ name: file.name, text: file.text.replaceAll(/^.*\(long-headline-\w+\)$/gm, title) })
    const report = await importPages(payload, [headline(fresh('long-one.txt', 'long-headline-one')), headline(fresh('long-two.txt', 'long-headline-two'))])
    expect(report.pages.map((page) => [page.status, page.problems])).toEqual([
      ['created', []],
      ['created', []],
    ])
    const { docs } = await payload.find({ collection: 'articles', depth: 0, draft: true, sort: 'createdAt', where: { title: { equals: title } } })
    // The suffix takes the room of the last word: both stay within 200 characters.
    expect(docs.map((article) => article.slug)).toEqual(['council-'.repeat(25).slice(0, -1), `${'council-'.repeat(24)}2`])
  })

  it('one news item twice in a batch is refused, naming the other file, dry run and import alike; nothing written', async (context) => {
    skipOnEmulator(context, 'it accepts abortTransaction but rolls nothing back: the first page of the batch stays written there')
    const before = await counts()
    const page = fresh('once.txt', 'twice-in-a-batch')
    const again = { ...page, name: 'again.txt', text: page.text.replace('Categories:', 'Categories: Another desk,') }
    for (const options of [{ dryRun: true }, { allOrNothing: true }]) {
      const report = await importPages(payload, [page, again], options)
      const refused = report.pages.find((outcome) => outcome.file === 'again.txt')!
      expect(refused.status).toBe('failed')
      expect(refused.problems.join('\n')).toMatch(/the same news item as once\.txt \(same source URL\)/)
    }
    expect(await counts()).toEqual(before)
  })

  it('a Source line that is not a web address is a problem naming it, not a summary', async () => {
    const page = fresh('script-source.txt', 'script-source')
    const text = page.text.replace(/^Source: .*$/m, 'Source: javascript:alert(1)')
    expect(text).toContain('Source: javascript:alert(1)')
    const report = await importPages(payload, [{ ...page, text }], { dryRun: true })
    expect(report.pages[0]!.status).toBe('failed')
    expect(report.pages[0]!.problems.join('\n')).toContain('the Source line holds no web address')
  })
})

async function importedFrom(file: string): Promise<Article> {
  const report = await importPages(payload, [fixture(file)], { dryRun: true })
  expect(report.pages[0]!.status).toBe('updated')
  return (await payload.findByID({ collection: 'articles', depth: 0, draft: true, id: report.pages[0]!.articleId! })) as Article
}
