// A section is named by its kind and its article ("Opinion — <title>"): set when the section is
// saved, kept when the article is renamed, and the same through REST on every database.
import { afterAll, beforeAll, expect, it } from 'vitest'

import { paragraph, publishArticle } from '../helpers/articles'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack

beforeAll(async () => {
  stack = await startTestStack()
})
afterAll(async () => {
  await stack?.close()
})

it('titles sections by kind and article, and follows the article when it is renamed', async () => {
  const article = (await stack.admin.rest('POST', '/articles?draft=true', { title: 'Bridge vote delayed' })).body.doc
  const opinion = await stack.admin.rest('POST', '/sections', { article: article.id, body: paragraph('We think so.'), kind: 'opinion' })
  expect(opinion.status).toBe(201)
  expect(opinion.body.doc.title).toBe('Opinion — Bridge vote delayed')
  await stack.admin.rest('POST', '/sections', { article: article.id, body: paragraph('Call them.'), kind: 'action' })

  // A title sent by the client is not kept: it is derived.
  const edited = await stack.admin.rest('PATCH', `/sections/${opinion.body.doc.id}`, { title: 'Something else' })
  expect(edited.body.doc.title).toBe('Opinion — Bridge vote delayed')

  expect((await stack.admin.rest('PATCH', `/articles/${article.id}?draft=true`, { title: 'Bridge vote passes' })).status).toBe(200)
  const { docs } = (await stack.admin.rest('GET', `/sections?where[article][equals]=${article.id}&sort=kind&depth=0`)).body
  expect(docs.map((section: { title: string }) => section.title).sort()).toEqual(['Action — Bridge vote passes', 'Opinion — Bridge vote passes'])
})

it("keeps the title, which follows the article's latest draft, from visitors: a headline not yet published does not leak through a section", async () => {
  const { article, sections } = await publishArticle(stack.payload, { title: 'Council approves budget' })
  expect((await stack.admin.rest('PATCH', `/articles/${article.id}?draft=true`, { title: 'Secret new headline' })).status).toBe(200)
  const staff = (await stack.admin.rest('GET', `/sections/${sections[0]!.id}?depth=0`)).body
  expect(staff.title).toContain('Secret new headline')
  const answers = [
    await fetch(`${stack.server.url}/api/sections/${sections[0]!.id}?depth=0`).then((response) => response.text()),
    await fetch(`${stack.server.url}/api/sections?where[article][equals]=${article.id}&depth=0`).then((response) => response.text()),
    await fetch(`${stack.server.url}/api/graphql`, {
      body: JSON.stringify({ query: `{ Sections(where: { article: { equals: ${JSON.stringify(article.id)} } }) { docs { id heading title } } }` }),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    }).then((response) => response.text()),
  ]
  for (const answer of answers) {
    expect(answer).toContain(String(sections[0]!.id))
    expect(answer).not.toContain('Secret new headline')
  }
})
