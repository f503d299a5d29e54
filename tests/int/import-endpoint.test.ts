// POST /api/import-pages (the admin's "Import pages" view posts here): editors and admins only;
// every file checked before anything is written, a bad one refused with a 400 naming it and
// its problem; uploads capped; a dry run reports what each page holds, and an import stores it.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { json } from '../helpers/http'
import { type RoleClients, seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/import')
const page = (name: string) => new File([readFileSync(path.join(FIXTURES, name))], name, { type: 'text/plain' })
const FULL_TITLE = 'Brackenridge council approves transit levy after seven-hour hearing'

let stack: TestStack
let roles: RoleClients

beforeAll(async () => {
  stack = await startTestStack()
  roles = await seedRoleClients(stack.payload, stack.server.url)
})
afterAll(() => stack?.close())

async function upload(token: string | undefined, files: File[], options?: { dryRun?: boolean; publish?: boolean }) {
  const form = new FormData()
  for (const file of files) form.append('files', file)
  if (options) form.append('_payload', JSON.stringify(options))
  const response = await fetch(`${stack.server.url}/api/import-pages`, {
    body: form,
    headers: token ? { authorization: `JWT ${token}` } : {},
    method: 'POST',
  })
  return { body: await json<any>(response), status: response.status }
}

const articleCount = async () => (await stack.payload.count({ collection: 'articles' })).totalDocs

it('refuses authors and anonymous visitors with 403, writing nothing', async () => {
  for (const who of ['anonymous', 'author'] as const) {
    const { status } = await upload(roles[who].token, [page('full-page.txt')])
    expect(status, who).toBe(403)
  }
  expect(await articleCount()).toBe(0)
})

it('reports a dry run per file: what it creates, categories, actions, related titles', async () => {
  const { body, status } = await upload(roles.editor.token, [page('full-page.txt'), page('no-related.txt')], { dryRun: true })
  expect(status).toBe(200)
  expect(body.dryRun).toBe(true)
  const full = body.report.pages.find((outcome: any) => outcome.file === 'full-page.txt')
  expect(full).toMatchObject({ status: 'created', title: FULL_TITLE })
  expect(full.preview.categories.map((category: any) => category.name)).toContain('Local Government')
  expect(full.preview.categories.every((category: any) => category.isNew)).toBe(true)
  expect(full.preview.sections.map((section: any) => section.kind)).toEqual(['opinion', 'action', 'todo'])
  expect(full.preview.actions.map((action: any) => action.blockType)).toEqual(expect.arrayContaining(['petition', 'contactOfficial', 'share']))
  expect(full.preview.related.map((link: any) => link.title)).toContain('Bus riders pack council chambers as transit levy heads to voters')
  expect(await articleCount()).toBe(0)
})

it('refuses a batch with a file that is not a page: 400 naming the file and the problem, nothing written', async () => {
  const { body, status } = await upload(roles.editor.token, [page('full-page.txt'), page('not-a-page.txt')])
  expect(status).toBe(400)
  expect(body.errors).toHaveLength(1)
  expect(body.errors[0].file).toBe('not-a-page.txt')
  expect(body.errors[0].message).toMatch(/^not-a-page\.txt: .*no "<outlet> -- <date>" line/)
  expect(await articleCount()).toBe(0)
})

it('refuses files that are not .txt pages, not UTF-8, too big or too many, and bodies it cannot read — never a 5xx', async () => {
  const cases: [File[], RegExp][] = [
    [[new File(['%PDF-1.7'], 'levy.pdf')], /^levy\.pdf: only saved pages as \.txt files/],
    [[new File([new Uint8Array([0x48, 0xff, 0xfe, 0x00, 0xc3])], 'latin.txt')], /^latin\.txt: is not UTF-8 text/],
    [[new File(['x'.repeat(600 * 1024)], 'huge.txt')], /^huge\.txt: 600 kB; a page may be at most 512 kB/],
    [Array.from({ length: 51 }, (_, i) => new File(['x'], `p${i}.txt`)), /^files: 51 sent; one import takes at most 50/],
    [[], /^files: choose at least one/],
  ]
  for (const [files, message] of cases) {
    const { body, status } = await upload(roles.admin.token, files)
    expect(status, String(message)).toBe(400)
    expect(body.errors[0].message).toMatch(message)
  }
  const tooLarge = await upload(roles.admin.token, [new File(['x'.repeat(5 * 1024 * 1024)], 'big.txt')])
  expect(tooLarge.status).toBe(413)
  expect(tooLarge.body.errors[0].message).toMatch(/at most 4 MB/)
  const badOptions = await fetch(`${stack.server.url}/api/import-pages`, {
    body: (() => {
      const form = new FormData()
      form.append('files', page('full-page.txt'))
      form.append('_payload', JSON.stringify({ publish: 'yes' }))
      return form
    })(),
    headers: { authorization: `JWT ${roles.editor.token}` },
    method: 'POST',
  })
  expect(badOptions.status).toBe(400)
  const notMultipart = await roles.editor.rest('POST', '/import-pages', { files: [] })
  expect(notMultipart.status).toBe(400)
  expect(await articleCount()).toBe(0)
})

const counts = async () => ({
  articles: (await stack.payload.count({ collection: 'articles' })).totalDocs,
  categories: (await stack.payload.count({ collection: 'categories' })).totalDocs,
  links: (await stack.payload.count({ collection: 'related-links' })).totalDocs,
  sections: (await stack.payload.count({ collection: 'sections' })).totalDocs,
})

it('refuses a batch with a page holding a value its save refuses, dry run and import alike: 400 naming file and field, nothing stored', async () => {
  const full = readFileSync(path.join(FIXTURES, 'full-page.txt'), 'utf8')
  // There is no length limit on any field the importer writes, so no over-long case.
  const cases: [string, string, RegExp][] = [
    ['nul.txt', full.replace('voted 5-4 late Tuesday', 'voted 5-4\u0000 late Tuesday'), /^nul\.txt: article summary: .*NUL/],
    [
      'script-link.txt',
      full.replace('(https://www.change.org/p/restore-brackenridge-evening-buses)', '(javascript:alert(1))'),
      /^script-link\.txt: todo section actions\.0\.url: must be a web address starting with http:\/\/ or https:\/\/, not javascript:/,
    ],
    ['two-opinions.txt', full.replace('Opinion:\n', 'Opinion:\nA first take.\n\nOpinion:\n'), /^two-opinions\.txt: sections: the page has 2 opinion sections/],
  ]
  const before = await counts()
  for (const [name, text, message] of cases) {
    for (const dryRun of [true, false]) {
      const { body, status } = await upload(roles.editor.token, [page('no-related.txt'), new File([text], name, { type: 'text/plain' })], { dryRun })
      expect(status, `${name}, dryRun ${dryRun}`).toBe(400)
      expect(body.errors).toHaveLength(1)
      expect(body.errors[0].file).toBe(name)
      expect(body.errors[0].message).toMatch(message)
      expect(body.report.pages.find((outcome: any) => outcome.file === 'no-related.txt').status).toBe('created')
    }
  }
  expect(await counts()).toEqual(before)
})

it('imports and publishes for an editor, then a second import updates in place', async () => {
  const { body, status } = await upload(roles.editor.token, [page('full-page.txt')], { publish: true })
  expect(status).toBe(200)
  expect(body.report.pages[0]).toMatchObject({ file: 'full-page.txt', published: true, status: 'created' })
  const { docs } = await stack.payload.find({ collection: 'articles', where: { title: { equals: FULL_TITLE } } })
  expect(docs).toHaveLength(1)
  expect(docs[0]!._status).toBe('published')
  const sections = await stack.payload.find({ collection: 'sections', where: { article: { equals: docs[0]!.id } } })
  expect(sections.totalDocs).toBe(3)

  const again = await upload(roles.admin.token, [page('full-page.txt')], { dryRun: true })
  expect(again.body.report.pages[0]).toMatchObject({ articleId: docs[0]!.id, status: 'updated' })
  expect(again.body.report.pages[0].preview.categories.some((category: any) => category.isNew)).toBe(false)
})
