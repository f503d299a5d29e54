// "Sign Our Petition": the public signing endpoint counts exactly, answers first and repeat
// signatures alike, stores nothing for bots, and refuses closed, expired, external and
// unpublished petitions.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { api, type Api, invalidPaths } from '../helpers/api'
import { seedRoleClients, type RoleClients } from '../helpers/seedUsers'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'
import { skipOnEmulator } from '../helpers/mongoEmulator'

let stack: TestStack
let payload: Payload
let visitor: Api
let as: RoleClients

beforeAll(async () => {
  // Every test signer comes from one address: these tests lift the flood limits, the flood tests set them low.
  stack = await startTestStack({
    env: { CORS_ORIGINS: 'https://static.example.test', SIGN_RATE_PER_EMAIL: '100000', SIGN_RATE_PER_IP: '100000' },
  })
  payload = stack.payload
  visitor = api(stack.server.url)
  as = await seedRoleClients(payload, stack.server.url)
})
afterAll(async () => {
  await stack?.close()
})

let serial = 0
async function petition(data: Record<string, unknown> = {}) {
  serial += 1
  return payload.create({ collection: 'petitions', data: { _status: 'published', goal: 500, title: `Petition ${serial}`, ...data } as any })
}
const sign = (id: number | string, body: Record<string, unknown>) => visitor.rest('POST', `/petitions/${id}/sign`, body)
const signer = (n: number, extra: Record<string, unknown> = {}) => ({ email: `signer${n}@example.org`, name: `Signer ${n}`, ...extra })
const rows = async (id: number | string, email?: string) =>
  (
    await payload.find({
      collection: 'signatures',
      limit: 0,
      pagination: false,
      where: { and: [{ petition: { equals: id } }, ...(email ? [{ email: { equals: email } }] : [])] },
    })
  ).docs

describe('signing', () => {
  it('answers 202 {}; a repeat gets the same bytes and changes nothing stored (a stranger may type your email)', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them')
    const { id } = await petition()
    const signed = (body: Record<string, unknown>) => fetch(`${stack.server.url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, method: 'POST' })
    const first = await signed(signer(1, { comment: 'First words', consent: true }))
    expect(first.status).toBe(202)
    const firstBytes = await first.text()
    expect(JSON.parse(firstBytes)).toEqual({})
    // Its confirmation email is sent after the answer (the console logs it here): let that settle first.
    await until(async () => (await rows(id))[0]?.confirmationSentAt)
    const before = await rows(id)
    const repeat = await signed({ ...signer(1), comment: 'Second thoughts', consent: false, email: '  SIGNER1@Example.org ', name: 'Someone Else', showName: true })
    expect(repeat.status).toBe(first.status)
    expect(await repeat.text()).toBe(firstBytes)
    const stored = await rows(id)
    expect(stored).toEqual(before)
    expect(stored[0]).toMatchObject({ comment: 'First words', consent: true, email: 'signer1@example.org', name: 'Signer 1', showName: false })
    // The public wall does not show a name the signer never chose to show.
    expect(JSON.stringify((await visitor.rest('GET', `/petitions/${id}/signers`)).body)).not.toContain('Someone Else')
  })

  it('without SMTP_URL and EMAIL_FROM, start-up says emails only go to the log, and the confirmation is logged', async () => {
    expect(stack.server.output()).toContain('Email: SMTP_URL and EMAIL_FROM are not set')
    const { id } = await petition({ title: 'Logged petition' })
    await sign(id, signer(20))
    await until(() => stack.server.output().includes("To: 'signer20@example.org', Subject: 'Your signature: Logged petition'"))
  })

  it('stores the opt-in with its time and wording, and the address only as a hash', async () => {
    const { id } = await petition({ consentText: 'Send me updates about the river.' })
    const before = Date.now()
    await sign(id, signer(2, { consent: true, showName: true }))
    const [row] = await rows(id)
    expect(row!.consent).toBe(true)
    expect(row!.consentText).toBe('Send me updates about the river.')
    expect(new Date(row!.consentAt!).getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(row!.ipHash).toMatch(/^[\w-]{43}$/)
    expect(JSON.stringify(row)).not.toMatch(/127\.0\.0\.1|::1/)
  })

  it('keeps no opt-in unless the signer ticks it', async () => {
    const { id } = await petition()
    await sign(id, signer(3))
    const [row] = await rows(id)
    expect(row).toMatchObject({ consent: false, consentAt: null, consentText: null, showName: false })
  })

  it('answers a filled honeypot like anyone, and stores nothing', async () => {
    const { id } = await petition()
    await sign(id, signer(4))
    const bot = await sign(id, signer(5, { website: 'https://spam.example' }))
    expect(bot.status).toBe(202)
    expect(bot.body).toEqual({})
    expect(await rows(id, 'signer5@example.org')).toHaveLength(0)
  })

  it('refuses bad input with 400s naming the field, storing nothing', async () => {
    const { id } = await petition()
    const malformed = await sign(id, signer(6, { email: 'not-an-address' }))
    expect(malformed.status).toBe(400)
    expect(invalidPaths(malformed.body)).toEqual(['email'])
    const nameless = await sign(id, { email: 'x@example.org' })
    expect(nameless.status).toBe(400)
    expect(invalidPaths(nameless.body)).toEqual(['name'])
    const wrongTypes = await sign(id, signer(7, { consent: 'yes', country: 'x'.repeat(61) }))
    expect(invalidPaths(wrongTypes.body).sort()).toEqual(['consent', 'country'])
    expect(await rows(id)).toHaveLength(0)
  })
})

describe('petitions that cannot be signed here', () => {
  it('closed, expired and external petitions answer 409 with the reason; nothing is stored', async () => {
    const closed = await petition({ status: 'closed' })
    const expired = await petition({ closesAt: new Date(Date.now() - 60_000).toISOString() })
    const external = await petition({ externalUrl: 'https://petitions.example.org/river' })
    const answers = await Promise.all([closed, expired, external].map(({ id }) => sign(id, signer(8))))
    expect(answers.map((answer) => answer.status)).toEqual([409, 409, 409])
    expect(JSON.stringify(answers[0]!.body)).toContain('closed')
    expect(JSON.stringify(answers[1]!.body)).toContain('closed on')
    expect(JSON.stringify(answers[2]!.body)).toContain('https://petitions.example.org/river')
    for (const { id } of [closed, expired, external]) expect(await rows(id)).toHaveLength(0)
  })

  it('an unpublished or missing petition answers 404, as if it did not exist', async () => {
    const draft = await payload.create({ collection: 'petitions', data: { _status: 'draft', title: 'Not yet' }, draft: true })
    expect((await sign(draft.id, signer(9))).status).toBe(404)
    // An id of the engine's kind (a number on SQL, an ObjectId on MongoDB) that names no petition.
    expect((await sign(typeof draft.id === 'number' ? 987654 : 'f'.repeat(24), signer(9))).status).toBe(404)
    expect(await rows(draft.id)).toHaveLength(0)
  })
})

describe('exact counts under load', () => {
  it('50 concurrent distinct signers add exactly 50', async () => {
    const { id } = await petition()
    const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => sign(id, signer(100 + n))))
    expect(answers.filter((answer) => answer.status !== 202)).toEqual([])
    expect(await rows(id)).toHaveLength(50)
    expect((await visitor.rest('GET', `/petitions/${id}`)).body.signatureCount).toBe(50)
  })

  it('one email sent 10 times at once adds one signature', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them')
    const { id } = await petition()
    const answers = await Promise.all(Array.from({ length: 10 }, () => sign(id, signer(200))))
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(202))
    expect(await rows(id)).toHaveLength(1)
    expect((await visitor.rest('GET', `/petitions/${id}`)).body.signatureCount).toBe(1)
  })
})

describe('what the public sees of signers', () => {
  it('lists first name, country and time, only for signers who chose to be shown', async () => {
    const { id } = await petition()
    await sign(id, signer(300, { country: 'Kenya', name: 'Wanjiru Kamau', showName: true }))
    await sign(id, signer(301, { country: 'Chile', name: 'Hidden Person' }))
    const list = await visitor.rest('GET', `/petitions/${id}/signers`)
    expect(list.status).toBe(200)
    expect(list.body.docs).toHaveLength(1)
    expect(list.body.docs[0]).toEqual({ country: 'Kenya', firstName: 'Wanjiru', signedAt: expect.any(String) })
    expect(JSON.stringify(list.body)).not.toMatch(/Kamau|signer30|Hidden/)
  })

  it('gives no anonymous door to a signer’s email: REST, depth, joins, GraphQL', async () => {
    const { id } = await petition()
    await sign(id, signer(310))
    const doors = [
      await visitor.rest('GET', '/signatures'),
      await visitor.rest('GET', `/petitions/${id}?depth=3`),
      await visitor.rest('GET', `/petitions/${id}/signers`),
      await visitor.gql('{ Signatures { docs { email } } }'),
    ]
    for (const door of doors) expect(JSON.stringify(door.body)).not.toContain('signer310@example.org')
  })
})

describe('editors and admins', () => {
  it('export every signer as CSV with the opt-in fields (editors and admins only)', async () => {
    const { id } = await petition({ consentText: 'Updates, please.' })
    for (let n = 0; n < 3; n++) await sign(id, signer(400 + n, { comment: n === 0 ? 'Quote "this", please' : undefined, consent: n !== 1 }))
    const response = await fetch(`${stack.server.url}/api/petitions/${id}/signatures.csv`, { headers: { Authorization: `JWT ${as.editor.token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('name,email,postalCode,country,comment,consent,consentAt,consentConfirmedAt,consentText,showName,signedAt')
    expect(lines).toHaveLength(4)
    expect(lines.join('\n')).toContain('"Quote ""this"", please"')
    // Ticked but not yet confirmed from the signer's email: not consent (signer-email.test.ts confirms).
    expect(lines.filter((line) => line.includes(',yes,') || line.includes('Updates, please.'))).toHaveLength(0)
    for (const role of ['anonymous', 'author'] as const) {
      const refused = await fetch(`${stack.server.url}/api/petitions/${id}/signatures.csv`, {
        headers: as[role].token ? { Authorization: `JWT ${as[role].token}` } : {},
      })
      expect(refused.status, role).toBe(403)
    }
  })

  it('the CSV never carries a formula: signer text starting with = + - @ or a tab is escaped', async () => {
    const { id } = await petition()
    const hostile = { comment: '-2+3', country: '+SUM(1,2)', name: '=HYPERLINK("http://127.0.0.1/x?"&A2,"Click")', postalCode: '@A1' }
    expect((await sign(id, signer(450, hostile))).status).toBeLessThan(300)
    // The sign form trims leading tabs and returns; an editor's copy in the admin may still hold one.
    expect((await sign(id, signer(451, { name: 'Plain Name' }))).status).toBeLessThan(300)
    const [plain] = await rows(id, 'signer451@example.org')
    await payload.update({ collection: 'signatures', data: { comment: '\tcmd' }, id: plain!.id })
    const response = await fetch(`${stack.server.url}/api/petitions/${id}/signatures.csv`, { headers: { Authorization: `JWT ${as.editor.token}` } })
    const text = (await response.text()).replace(/^\uFEFF/, '')
    expect(text).toContain(`"'=HYPERLINK(""http://127.0.0.1/x?""&A2,""Click"")"`)
    for (const cell of ["'+SUM(1", "'@A1", "'-2+3", "'\tcmd"]) expect(text).toContain(cell)
    // No cell starts with a formula character: after a delimiter or a line start, optionally quoted.
    expect(text).not.toMatch(/(^|[,\n])"?[=+@\t-]/)
    expect(text).toContain('Plain Name')
  })

  it('erase a person’s signatures on every petition (admins only); counts follow', async () => {
    const first = await petition()
    const second = await petition()
    await sign(first.id, signer(500))
    await sign(second.id, signer(500))
    await sign(second.id, signer(501))
    expect((await as.editor.rest('POST', '/signatures/erase', { email: 'signer500@example.org' })).status).toBe(403)
    const bad = await as.admin.rest('POST', '/signatures/erase', { email: 'nope' })
    expect(invalidPaths(bad.body)).toEqual(['email'])
    const erased = await as.admin.rest('POST', '/signatures/erase', { email: ' Signer500@example.org ' })
    expect(erased.body).toEqual({ erased: 2 })
    expect(await rows(first.id)).toHaveLength(0)
    expect((await visitor.rest('GET', `/petitions/${second.id}`)).body.signatureCount).toBe(1)
  })
})

describe('a static site on another origin', () => {
  const preflight = (id: number | string, origin: string) =>
    fetch(`${stack.server.url}/api/petitions/${id}/sign`, {
      headers: { 'Access-Control-Request-Headers': 'content-type', 'Access-Control-Request-Method': 'POST', Origin: origin },
      method: 'OPTIONS',
    })

  it('may sign from an origin in CORS_ORIGINS, and only from those', async () => {
    const { id } = await petition()
    const allowed = await preflight(id, 'https://static.example.test')
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://static.example.test')
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST')
    const other = await preflight(id, 'https://elsewhere.example.test')
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const signed = await fetch(`${stack.server.url}/api/petitions/${id}/sign`, {
      body: JSON.stringify(signer(800)),
      headers: { 'Content-Type': 'application/json', Origin: 'https://static.example.test' },
      method: 'POST',
    })
    expect(signed.status).toBe(202)
    expect(signed.headers.get('access-control-allow-origin')).toBe('https://static.example.test')
    // The rest of the API is not opened.
    const list = await fetch(`${stack.server.url}/api/petitions`, { headers: { Origin: 'https://static.example.test' } })
    expect(list.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('flood limits', () => {
  let first: TestServer
  let second: TestServer
  let local: TestPayload

  beforeAll(async () => {
    // Two server processes on one database: the counts are kept where both see them.
    const limited = { SIGN_RATE_PER_EMAIL: '2', SIGN_RATE_PER_IP: '6' }
    first = await startTestServer({ env: limited })
    second = await startTestServer({ env: { ...limited, DATABASE_URI: first.database!.uri } })
    local = await startTestPayload({ database: first.database })
  })
  afterAll(async () => {
    await local?.close()
    await second?.stop()
    await first?.stop()
  })

  const target = async (title: string) => local.payload.create({ collection: 'petitions', data: { _status: 'published', title } })
  const signAt = (server: TestServer, id: number | string, body: Record<string, unknown>) =>
    fetch(`${server.url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
  const count = async (id: number | string) => (await local.payload.count({ collection: 'signatures', where: { petition: { equals: id } } })).totalDocs

  it('per email: the third try within the hour gets 429 and Retry-After, whichever process it reaches', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them')
    const { id } = await target('Email flood')
    expect((await signAt(first, id, signer(700))).status).toBe(202)
    expect((await signAt(second, id, signer(700))).status).toBe(202)
    const refused = await signAt(first, id, signer(700))
    expect(refused.status).toBe(429)
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(3600)
    expect(await count(id)).toBe(1)
  })

  it('per address: past the limit within the minute, 429 and Retry-After, nothing stored', async (context) => {
    skipOnEmulator(context, "rate-limiter-flexible's MongoDB store counts through an upsert that relies on a unique index on the key, which it does not enforce: the limit never trips")
    const { id } = await target('Address flood')
    // Three attempts from this address were counted by the test before.
    const statuses = [await signAt(second, id, signer(701)), await signAt(first, id, signer(702)), await signAt(second, id, signer(703))]
    expect(statuses.map((response) => response.status)).toEqual([202, 202, 202])
    const refused = await signAt(first, id, signer(704))
    expect(refused.status).toBe(429)
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(60)
    expect(await count(id)).toBe(3)
  })
})

describe('the honeypot and the email limit', () => {
  let server: TestServer
  let local: TestPayload

  beforeAll(async () => {
    server = await startTestServer({ env: { SIGN_RATE_PER_EMAIL: '2', SIGN_RATE_PER_IP: '100000' } })
    local = await startTestPayload({ database: server.database })
  })
  afterAll(async () => {
    await local?.close()
    await server?.stop()
  })

  it("a bot's honeypot posts with someone's email do not use up that person's limit", async () => {
    const { id } = await local.payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Honeypot and limit' } })
    const sign = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
    for (let i = 0; i < 3; i++) expect((await sign(signer(800, { name: 'Bot', website: 'https://spam.example' }))).status).toBe(202)
    expect((await sign(signer(800))).status).toBe(202)
    const stored = await local.payload.find({ collection: 'signatures', where: { petition: { equals: id } } })
    expect(stored.docs.map((doc) => doc.name)).toEqual(['Signer 800'])
  })
})
