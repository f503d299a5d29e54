// An editor sees how a petition is doing (issue 17, item 5): signatures against the goal and
// per day / per hour on the petition, and the open petitions' progress on the dashboard; an
// author, who may not read signatures, gets the count but no signature charts.
import type { Browser, Page } from 'playwright-core'

import { afterAll, beforeAll, expect, it } from 'vitest'

import { adminSession, launchBrowser, loginInBrowser } from '../helpers/browser'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let browser: Browser
let page: Page
let petitionId: number | string
let closedId: number | string

const AUTHOR = { email: 'progress-author@example.com', password: 'an author password long enough' }

beforeAll(async () => {
  stack = await startTestStack()
  const petition = await stack.payload.create({
    collection: 'petitions',
    data: { _status: 'published', goal: 8, status: 'open', title: 'Keep the library open' },
  })
  petitionId = petition.id
  for (const name of ['Ada', 'Grace', 'Alan']) {
    await stack.payload.create({ collection: 'signatures', data: { email: `${name.toLowerCase()}@example.com`, name, petition: petition.id } })
  }
  closedId = (await stack.payload.create({ collection: 'petitions', data: { _status: 'published', goal: 5, status: 'closed', title: 'Old closed call' } })).id
  await stack.payload.create({ collection: 'users', data: { ...AUTHOR, roles: ['author'] } })
  ;({ browser, page } = await adminSession(stack.server.url, STACK_ADMIN))
})
afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

it('shows signatures against the goal and per day and per hour on the petition', async () => {
  const stored = await stack.payload.findByID({ collection: 'petitions', id: petitionId })
  expect(stored.signatureCount).toBe(3)

  await page.goto(`${stack.server.url}/admin/collections/petitions/${petitionId}`)
  const panel = page.locator('[data-testid="petition-progress"]')
  await panel.waitFor({ timeout: 30_000 })
  expect(await panel.locator('[data-testid="petition-progress-words"]').innerText()).toBe('3 of 8 signatures (37%)')
  expect(await panel.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('3')

  const counts = async (chart: string) => (await panel.locator(`[data-testid="signatures-${chart}"] [data-count]`).evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-count')))))
  const days = await counts('per-day')
  expect(days).toHaveLength(14)
  expect(days.at(-1)).toBe(3)
  expect(days.slice(0, -1).every((count) => count === 0)).toBe(true)
  const hours = await counts('per-hour')
  expect(hours).toHaveLength(48)
  expect(hours.at(-1)).toBe(3)
})

it('lists open petitions with their progress on the dashboard, not closed ones', async () => {
  await page.goto(`${stack.server.url}/admin`)
  const list = page.locator('[data-testid="open-petitions"]')
  await list.waitFor({ timeout: 30_000 })
  const row = list.locator(`li[data-petition="${petitionId}"]`)
  expect(await row.innerText()).toContain('Keep the library open')
  expect(await row.locator('[data-testid="petition-progress-words"]').innerText()).toBe('3 of 8 signatures (37%)')
  expect(await list.locator(`li[data-petition="${closedId}"]`).count()).toBe(0)
})

it("gives an author the count but not the signature charts (authors may not read signatures)", async () => {
  const authorBrowser = await launchBrowser()
  try {
    const authorPage = await authorBrowser.newPage()
    await loginInBrowser(authorPage, stack.server.url, AUTHOR)
    await authorPage.goto(`${stack.server.url}/admin/collections/petitions/${petitionId}`)
    const panel = authorPage.locator('[data-testid="petition-progress"]')
    await panel.waitFor({ timeout: 30_000 })
    expect(await panel.locator('[data-testid="petition-progress-words"]').innerText()).toBe('3 of 8 signatures (37%)')
    expect(await panel.locator('[data-testid^="signatures-per"]').count()).toBe(0)
    expect(await panel.innerText()).toContain('Signature charts are for editors and admins.')
  } finally {
    await authorBrowser.close()
  }
})
