// Automatic related links rest on distinctive evidence: on the demo site plus a page about
// Ukraine diplomacy, words every article says ("give", "agreed", "told", "described") link
// nothing, and the flood-levee story no longer lists the diplomacy piece or the other way round.
import type { Payload, Where } from 'payload'

import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RelatedLink } from '../../src/payload-types'

import { seedDemoIfEmpty } from '../../src/demo/seedDemo'
import { importPages } from '../../src/import/importPages'
import { isEverydayTerm } from '../../src/related/generalEnglish'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/related/ukraine-diplomacy.txt')

let local: TestPayload
let payload: Payload
let ukraine: number | string
let levee: number | string

beforeAll(async () => {
  local = await startTestPayload()
  payload = local.payload
  await seedDemoIfEmpty(payload)
  const report = await importPages(payload, [{ name: 'ukraine-diplomacy.txt', text: await readFile(FIXTURE, 'utf8') }], { publish: true })
  expect(report.published).toBe(1)
  const idOf = async (title: string) =>
    (await payload.find({ collection: 'articles', depth: 0, limit: 1, where: { title: { like: title } } })).docs[0]!.id
  ukraine = await idOf('Security Guarantee for Ukraine')
  levee = await idOf('Ashford River Levee Repairs')
})
afterAll(async () => {
  await local?.close()
})

async function autoLinks(where: Where = {}): Promise<RelatedLink[]> {
  const { docs } = await payload.find({
    collection: 'related-links',
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'position',
    where: { and: [{ origin: { equals: 'auto' } }, where] },
  })
  return docs
}

describe('automatic related links need distinctive evidence', () => {
  it('the diplomacy piece and the levee story do not list each other', async () => {
    expect((await autoLinks({ from: { equals: ukraine } })).map((link) => link.to)).not.toContain(levee)
    expect((await autoLinks({ from: { equals: levee } })).map((link) => link.to)).not.toContain(ukraine)
  })

  it('the diplomacy piece lists its own related headlines first and nothing automatic from the local demo news', async () => {
    const { docs } = await payload.find({ collection: 'related-links', depth: 0, sort: 'position', where: { from: { equals: ukraine } } })
    expect(docs.filter((link) => link.origin === 'auto')).toEqual([])
    expect(docs.map((link) => link.external?.title)).toEqual([
      'Allies Weigh Air Defence Package for Kyiv Before Winter',
      'Sanctions on Russian Energy Exports to Stay, Ministers Say',
    ])
  })

  it('every automatic link on the site shares a category or at least two terms outside everyday English', async () => {
    const links = await autoLinks()
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) {
      const reason = link.reason as { sharedCategories: string[]; sharedTerms: string[] }
      const distinctive = reason.sharedTerms.filter((term) => !isEverydayTerm(term))
      expect(reason.sharedCategories.length > 0 || distinctive.length >= 2, `${link.from} → ${link.to}: ${JSON.stringify(reason)}`).toBe(true)
    }
  })
})
