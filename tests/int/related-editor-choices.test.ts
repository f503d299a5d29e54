// What an editor does to an article's related links (the edit view's panel writes these through
// REST) holds across the next rebuild of the list: an excluded automatic link stays excluded and
// its article is not added back, a pinned one keeps first place, a restored one is listed again,
// and a move by half a place is renumbered into the list's order.
import type { Payload } from 'payload'

import { afterAll, beforeAll, expect, it } from 'vitest'

import type { Article, RelatedLink } from '../../src/payload-types'

import { paragraph, publishArticle } from '../helpers/articles'
import { seedRoleClients, type RoleClients } from '../helpers/seedUsers'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let roles: RoleClients
let owner: Article
let first: Article
let second: Article

const FLOOD = 'river flood levee rain evacuation water dam overflow rescue boats shelter villages monsoon'
const floodStory = (title: string) => ({ body: paragraph(`${FLOOD} ${title}`) as Article['body'], summary: FLOOD.split(' ').slice(0, 5).join(' '), title })

beforeAll(async () => {
  stack = await startTestStack()
  payload = stack.payload
  roles = await seedRoleClients(payload, stack.server.url)
  owner = (await publishArticle(payload, floodStory('Levee owner'))).article
  first = (await publishArticle(payload, floodStory('Levee first'))).article
  second = (await publishArticle(payload, floodStory('Levee second'))).article
})
afterAll(async () => {
  await stack?.close()
})

async function linksOf(id: Article['id']): Promise<RelatedLink[]> {
  const { docs } = await payload.find({ collection: 'related-links', depth: 0, pagination: false, sort: 'position', where: { from: { equals: id } } })
  return docs
}
const linkTo = async (target: Article['id']) => (await linksOf(owner.id)).filter((link) => link.to === target)
/** A change of text re-scores the owner's list: the rebuild the choices must survive. */
const rebuild = (summary: string) => payload.update({ collection: 'articles', data: { summary }, id: owner.id })

it('an excluded automatic link stays excluded after a rebuild, and its article is not added back', async () => {
  const [auto] = await linkTo(first.id)
  expect(auto!.origin).toBe('auto')
  const response = await roles.editor.rest('PATCH', `/related-links/${auto!.id}`, { excluded: true })
  expect(response.status).toBe(200)

  await rebuild('river flood levee rain rescue boats')
  const links = await linkTo(first.id)
  expect(links.map((link) => [link.id, link.excluded, link.position ?? null])).toEqual([[auto!.id, true, null]])
  // Kept as the editor's link, with the score and reason it was chosen for.
  expect(links[0]).toMatchObject({ origin: 'manual', score: auto!.score })
})

it('a pinned automatic link keeps first place across a rebuild', async () => {
  await payload.create({ collection: 'related-links', data: { external: { title: 'Dams elsewhere' }, from: owner.id } })
  // Read after that change: a rebuild may rewrite automatic links under new ids.
  const [auto] = await linkTo(second.id)
  expect(auto!.origin).toBe('auto')
  const response = await roles.editor.rest('PATCH', `/related-links/${auto!.id}`, { pinned: true })
  expect(response.status).toBe(200)

  await rebuild('river flood levee dam overflow shelter')
  const listed = (await linksOf(owner.id)).filter((link) => !link.excluded)
  expect(listed[0]).toMatchObject({ id: auto!.id, origin: 'manual', pinned: true, position: 1 })
  expect(listed.map((link) => link.position)).toEqual(listed.map((_, index) => index + 1))
})

it('restoring an excluded link lists it again', async () => {
  const [excluded] = await linkTo(first.id)
  const response = await roles.editor.rest('PATCH', `/related-links/${excluded!.id}`, { excluded: false })
  expect(response.status).toBe(200)
  const links = await linkTo(first.id)
  expect(links).toHaveLength(1)
  expect(links[0]!.excluded).toBe(false)
  expect(typeof links[0]!.position).toBe('number')
})

it('a move by half a place is renumbered 1…n in the new order', async () => {
  const extra = await roles.editor.rest('POST', '/related-links', { external: { outlet: 'Example', title: 'Rain records', url: 'https://example.org/rain' }, from: owner.id })
  expect(extra.status).toBe(201)
  const before = (await linksOf(owner.id)).filter((link) => !link.excluded && !link.pinned && link.origin === 'manual')
  expect(before.length).toBeGreaterThanOrEqual(2)
  const [upper, lower] = before.slice(-2)
  expect((await roles.editor.rest('PATCH', `/related-links/${upper!.id}`, { position: lower!.position! + 0.5 })).status).toBe(200)
  const after = (await linksOf(owner.id)).filter((link) => !link.excluded)
  expect(after.map((link) => link.position)).toEqual(after.map((_, index) => index + 1))
  expect(after.slice(-2).map((link) => link.id)).toEqual([lower!.id, upper!.id])
})

it('an author changes nothing on a published article of theirs', async () => {
  await payload.update({ collection: 'articles', data: { authors: [roles.ids.author] }, id: owner.id })
  const [link] = await linksOf(owner.id)
  expect((await roles.author.rest('PATCH', `/related-links/${link!.id}`, { pinned: false })).status).toBe(403)
  expect((await roles.author.rest('POST', '/related-links', { external: { title: 'Mine' }, from: owner.id })).status).toBe(403)
})
