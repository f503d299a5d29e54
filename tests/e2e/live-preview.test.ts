// An editor opens a published article, turns on Live Preview, and types a new title: the preview
// frame shows the example static site's page with that title before anything is saved, the
// published article keeps its title until the editor publishes, and then holds the new one.
import type { Browser, Page } from 'playwright-core'

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { paragraph, publishArticle } from '../helpers/articles'
import { adminSession } from '../helpers/browser'
import { seedRoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { sleep, until } from '../helpers/wait'

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots')
const OLD_TITLE = 'Harbour reopens after the storm'
const NEW_TITLE = 'Harbour reopens to fishing boats first'

let stack: TestStack
let browser: Browser
let page: Page
let id: number | string

beforeAll(async () => {
  stack = await startTestStack()
  await seedRoleClients(stack.payload, stack.server.url)
  const { article } = await publishArticle(stack.payload, {
    body: paragraph('The port authority lifted the closure on Monday.'),
    source: { outlet: 'Harbour Gazette', url: 'https://example.org/harbour' },
    summary: 'Boats may sail again from Tuesday.',
    title: OLD_TITLE,
  })
  id = article.id
  ;({ browser, page } = await adminSession(stack.server.url, { email: 'editor@example.com', password: 'editor-password-long-enough' }))
  await page.setViewportSize({ height: 1000, width: 1600 })
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

/** The article as visitors and the site read it: the published version. */
const published = async () => (await stack.admin.rest('GET', `/articles/${id}?depth=0`)).body

it('shows the typed title in the preview frame without saving it, and stores it once published', async () => {
  const previews: string[] = []
  page.on('response', (response) => {
    if (response.url().includes('/live-preview')) previews.push(`${response.request().method()} ${response.status()}`)
  })
  await page.goto(`${stack.server.url}/admin/collections/articles/${id}`)
  const title = page.locator('#field-title')
  await title.waitFor({ state: 'visible', timeout: 30_000 })

  await page.locator('#live-preview-toggler').click()
  const frame = page.frameLocator('#live-preview-iframe')
  // The frame holds the site's page of the stored article: its headline, source and summary.
  await frame.locator('h1', { hasText: OLD_TITLE }).waitFor({ state: 'visible', timeout: 30_000 })
  await frame.locator('p.summary', { hasText: 'Boats may sail again from Tuesday.' }).waitFor({ state: 'visible' })
  await frame.locator('p.source a', { hasText: 'Harbour Gazette' }).waitFor({ state: 'visible' })
  // Styled as the site is (its stylesheet inlined): the headline is not the browser's default font.
  expect(await frame.locator('body').evaluate((body) => getComputedStyle(body).fontFamily)).not.toBe('"Times New Roman"')

  // Typed key by key, as an editor types; the frame follows before any save.
  await title.fill('')
  await title.pressSequentially(NEW_TITLE, { delay: 30 })
  await frame.locator('h1', { hasText: NEW_TITLE }).waitFor({ state: 'visible', timeout: 30_000 })
  expect(await frame.locator('h1').textContent()).toBe(NEW_TITLE)
  expect(await frame.locator('p.summary').textContent()).toBe('Boats may sail again from Tuesday.')
  expect(previews.filter((entry) => entry.startsWith('POST'))).toContain('POST 200')
  expect(previews.every((entry) => entry.endsWith(' 200')), previews.join(', ')).toBe(true)

  // Nothing published: visitors (and the site) still read the old title.
  expect((await published()).title).toBe(OLD_TITLE)

  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOTS, 'live-preview.png') })

  await page.locator('#action-save').click()
  await until(async () => (await published()).title === NEW_TITLE, 30_000)
  expect((await published()).title).toBe(NEW_TITLE)
  expect((await published())._status).toBe('published')
  // And the preview, reloaded, shows the stored title.
  const stored = await page.request.get(`${stack.server.url}/api/articles/${id}/live-preview`)
  expect(stored.status()).toBe(200)
  expect(await stored.text()).toContain(`<h1>${NEW_TITLE}</h1>`)
})

it('follows form values sent from its own origin only', async () => {
  // The preview frame from the test above, in the admin's edit view.
  const frame = page.frames().find((each) => each.url().includes('/live-preview'))!
  expect(frame).toBeDefined()
  const renderedTitles: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/live-preview')) renderedTitles.push(JSON.parse(request.postData() ?? '{}').data?.title)
  })
  // A message as the frame receives it, from `origin`. (A real page elsewhere cannot even hold
  // the frame: the server's frame-ancestors and opener policies keep it to this origin.)
  const send = (origin: string, title: string) =>
    frame.evaluate(([from, data]) => void window.dispatchEvent(new MessageEvent('message', { data: { data, type: 'payload-live-preview' }, origin: from })), [origin, { id, title }] as const)

  await send('http://elsewhere.example', 'Forged from elsewhere')
  // Long past the frame's pause before rendering (150 ms): had the frame taken the message, its
  // render would have been asked for by now. Then the same message from the admin's origin.
  await sleep(1500)
  await send(new URL(stack.server.url).origin, 'Sent from the admin origin')
  await frame.locator('h1', { hasText: 'Sent from the admin origin' }).waitFor({ state: 'visible', timeout: 30_000 })
  expect(renderedTitles).toContain('Sent from the admin origin')
  expect(renderedTitles).not.toContain('Forged from elsewhere')
})
