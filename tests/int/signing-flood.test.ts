// Signing built for floods: the lean, batched write keeps the stored count exact (counter ==
// rows) under hundreds of concurrent signers and repeats, answers alike, loses nothing it
// answered when the process is killed, and the admin pipeline moves the same counter.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { api, type Api } from '../helpers/api'
import { skipOnEmulator } from '../helpers/mongoEmulator'
import { seedRoleClients, type RoleClients } from '../helpers/seedUsers'
import { startTestPayload } from '../helpers/testPayload'
import { startTestServer } from '../helpers/testServer'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload
let visitor: Api
let as: RoleClients

const UNLIMITED = { SIGN_RATE_PER_IP: '1000000' }

beforeAll(async () => {
  stack = await startTestStack({ env: UNLIMITED })
  payload = stack.payload
  visitor = api(stack.server.url)
  as = await seedRoleClients(payload, stack.server.url)
})
afterAll(async () => {
  await stack?.close()
})

let serial = 0
const petition = async (on: Payload = payload, data: Record<string, unknown> = {}) =>
  on.create({ collection: 'petitions', data: { _status: 'published', title: `Flood petition ${++serial}`, ...data } as any })
const post = (url: string, id: number | string, body: Record<string, unknown>) =>
  fetch(`${url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
const sign = (id: number | string, body: Record<string, unknown>) => post(stack.server.url, id, body)
const signer = (n: number, extra: Record<string, unknown> = {}) => ({ email: `flood${n}@example.org`, name: `Flood Signer ${n}`, ...extra })

/** The stored counter and the rows it counts. */
async function tally(id: number | string, on: Payload = payload) {
  const stored = await on.findByID({ collection: 'petitions', depth: 0, id })
  const { totalDocs } = await on.count({ collection: 'signatures', where: { petition: { equals: id } } })
  return { counter: stored.signatureCount, rows: totalDocs }
}

describe('the stored count under a flood', () => {
  it('500 concurrent distinct signers: 500 answers of 202, counter and rows exactly +500', async () => {
    const { id } = await petition()
    const answers = await Promise.all(Array.from({ length: 500 }, (_, n) => sign(id, signer(n))))
    expect(answers.filter((answer) => answer.status !== 202).map((answer) => answer.status)).toEqual([])
    expect(await tally(id)).toEqual({ counter: 500, rows: 500 })
    // Every reader gets the counter: REST and GraphQL, anonymous.
    expect((await visitor.rest('GET', `/petitions/${id}`)).body.signatureCount).toBe(500)
    expect((await visitor.gql(`{ Petition(id: ${JSON.stringify(id)}) { signatureCount } }`)).body.data.Petition.signatureCount).toBe(500)
  })

  it('50 concurrent repeats of one email add one, and leave the stored name as first signed', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them: each repeat is stored', 'standalone')
    const { id } = await petition()
    expect((await sign(id, signer(1000, { name: 'Original Name' }))).status).toBe(202)
    const repeats = await Promise.all(Array.from({ length: 50 }, (_, n) => sign(id, signer(1000, { name: `Impostor ${n}`, showName: true }))))
    expect(new Set(repeats.map((answer) => answer.status))).toEqual(new Set([202]))
    const fresh = await Promise.all(Array.from({ length: 50 }, () => sign(id, signer(1001))))
    expect(new Set(fresh.map((answer) => answer.status))).toEqual(new Set([202]))
    expect(await tally(id)).toEqual({ counter: 2, rows: 2 })
    const { docs } = await payload.find({ collection: 'signatures', where: { email: { equals: 'flood1000@example.org' } } })
    expect(docs.map((doc) => [doc.name, doc.showName])).toEqual([['Original Name', false]])
  })

  it('a first signature, a repeat and a filled honeypot get the same status, headers and bytes', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them: each repeat is stored', 'standalone')
    const { id } = await petition()
    const answers = [await sign(id, signer(1100)), await sign(id, signer(1100, { name: 'Again' })), await sign(id, signer(1101, { website: 'x' }))]
    const shape = async (answer: Response) => ({
      body: await answer.text(),
      cacheControl: answer.headers.get('cache-control'),
      contentType: answer.headers.get('content-type'),
      status: answer.status,
    })
    const [first, repeat, honeypot] = await Promise.all(answers.map(shape))
    expect(first).toEqual({ body: '{}', cacheControl: 'no-store', contentType: expect.stringContaining('application/json'), status: 202 })
    expect(repeat).toEqual(first)
    expect(honeypot).toEqual(first)
    expect(await tally(id)).toEqual({ counter: 1, rows: 1 })
  })
})

describe('the admin pipeline keeps the same counter', () => {
  it('an admin adding and deleting signatures, and erasure, move the counter in step with the rows', async () => {
    const first = await petition()
    const second = await petition()
    for (const n of [1200, 1201, 1202]) expect((await sign(first.id, signer(n))).status).toBe(202)
    expect((await sign(second.id, signer(1200))).status).toBe(202)
    const added = await as.admin.rest('POST', '/signatures', { email: 'added-by-admin@example.org', name: 'Added', petition: first.id })
    expect(added.status).toBe(201)
    expect(await tally(first.id)).toEqual({ counter: 4, rows: 4 })
    const [one] = (await payload.find({ collection: 'signatures', where: { email: { equals: 'flood1201@example.org' } } })).docs
    expect((await as.admin.rest('DELETE', `/signatures/${one!.id}`)).status).toBe(200)
    expect(await tally(first.id)).toEqual({ counter: 3, rows: 3 })
    // Moving a signature to another petition moves its count.
    const [moved] = (await payload.find({ collection: 'signatures', where: { email: { equals: 'flood1202@example.org' } } })).docs
    expect((await as.admin.rest('PATCH', `/signatures/${moved!.id}`, { petition: second.id })).status).toBe(200)
    expect(await tally(first.id)).toEqual({ counter: 2, rows: 2 })
    expect(await tally(second.id)).toEqual({ counter: 2, rows: 2 })
    expect((await as.admin.rest('POST', '/signatures/erase', { email: 'flood1200@example.org' })).body).toEqual({ erased: 2 })
    expect(await tally(first.id)).toEqual({ counter: 1, rows: 1 })
    expect(await tally(second.id)).toEqual({ counter: 1, rows: 1 })
  })

  it('an editor saving or publishing the petition never writes over the counter', async () => {
    const { id } = await petition()
    // A draft saved before anyone signed still holds the count of that moment.
    expect((await as.editor.rest('PATCH', `/petitions/${id}?draft=true`, { summary: 'Draft words' })).status).toBe(200)
    for (const n of [1300, 1301, 1302]) expect((await sign(id, signer(n))).status).toBe(202)
    expect((await as.editor.rest('PATCH', `/petitions/${id}`, { _status: 'published', signatureCount: 99, title: 'Renamed' })).status).toBe(200)
    expect(await tally(id)).toEqual({ counter: 3, rows: 3 })
    const duplicated = await as.editor.rest('POST', `/petitions/${id}/duplicate`, {})
    expect(duplicated.status).toBe(200)
    expect(await tally(duplicated.body.doc.id)).toEqual({ counter: 0, rows: 0 })
  })
})

describe('a server killed mid-flood', () => {
  it('loses no signature it answered 202 (kill -9), and counter and rows still agree', async (context) => {
    skipOnEmulator(context, "it applies each write as it arrives, commit or not: a kill between a batch's inserts and its counter's $inc leaves them apart (a replica set commits both together)")
    const server = await startTestServer({ env: UNLIMITED })
    const local = await startTestPayload({ database: server.database })
    try {
      const { id } = await petition(local.payload)
      const answered: string[] = []
      let next = 0
      let killed = false
      const client = async () => {
        while (!killed && next < 5000) {
          const email = `killed${next++}@example.org`
          try {
            const answer = await post(server.url, id, { email, name: 'Signer' })
            if (answer.status === 202) answered.push(email)
          } catch {
            // The process is gone: this request got no answer.
          }
          if (answered.length >= 300 && !killed) {
            killed = true
            server.process.kill('SIGKILL')
          }
        }
      }
      await Promise.all(Array.from({ length: 50 }, client))
      expect(killed).toBe(true)
      await server.exited
      const { docs } = await local.payload.find({ collection: 'signatures', limit: 0, pagination: false, select: { email: true }, where: { petition: { equals: id } } })
      const stored = new Set(docs.map((doc) => doc.email))
      expect(answered.filter((email) => !stored.has(email))).toEqual([])
      expect(stored.size).toBeGreaterThanOrEqual(answered.length)
      const { counter, rows } = await tally(id, local.payload)
      expect(counter).toBe(rows)
    } finally {
      await local.close()
      await server.stop()
    }
  })
})
