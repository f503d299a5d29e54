// Email to signers, end to end: the server sends through a real SMTP server on loopback, and
// the tests follow the link in what arrives — confirm the opt-in (double opt-in), change the
// name shown, withdraw, remove — and try altered and expired links. Each new signature gets one
// email; repeats, bots and editors' entries get none, even with two server processes sending.
import type { Payload } from 'payload'

import { type ParsedMail, simpleParser } from 'mailparser'
import { once } from 'node:events'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { confirmationCap } from '../../collections/petitions/confirmations/confirmationCap'
import { MANAGE_SIGNATURE, signLink } from '../../collections/petitions/confirmations/signatureLinks'
import { api, type Api, invalidPaths } from '../helpers/api'
import { skipOnEmulator } from '../helpers/mongoEmulator'
import { seedRoleClients, type RoleClients } from '../helpers/seedUsers'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

type Received = { envelopeTo: string[]; mail: ParsedMail }

let smtp: SMTPServer
const inbox: Received[] = []
let stack: TestStack
let payload: Payload
let visitor: Api
let as: RoleClients
let mailEnv: Record<string, string>
/** Addresses the SMTP server refuses once ("try later"), as a mail server under load does. */
const refuseOnce = new Set(['flaky@example.org'])
/** Addresses the SMTP server refuses for good (5xx), as for a mailbox that does not exist. */
const refuseForGood = new Set(['gone@example.org'])

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    hideSTARTTLS: true,
    onRcptTo(address, _session, callback) {
      if (refuseForGood.has(address.address)) return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }))
      if (!refuseOnce.delete(address.address)) return callback()
      callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }))
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => inbox.push({ envelopeTo: session.envelope.rcptTo.map((to) => to.address), mail }))
        .then(() => callback(), callback)
    },
  })
  smtp.listen(0, '127.0.0.1')
  await once(smtp.server, 'listening')
  const { port } = smtp.server.address() as { port: number }
  // A short lease, so a refused email is tried again within seconds (the sweep runs once a lease).
  mailEnv = { EMAIL_FROM: 'River Campaign <petitions@example.org>', JOB_LEASE_SECONDS: '3', SIGN_RATE_PER_IP: '100000', SMTP_URL: `smtp://127.0.0.1:${port}` }
  stack = await startTestStack({ env: mailEnv })
  payload = stack.payload
  visitor = api(stack.server.url)
  as = await seedRoleClients(payload, stack.server.url)
})
afterAll(async () => {
  await stack?.close()
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()))
})

let serial = 0
async function petition(title = `Petition ${++serial}`) {
  return payload.create({ collection: 'petitions', data: { _status: 'published', goal: 100, title } as any })
}
const sign = (id: number | string, body: Record<string, unknown>, server = stack.server) =>
  fetch(`${server.url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, method: 'POST' })
const mailTo = (address: string) => inbox.filter((received) => received.envelopeTo.includes(address))
const linkIn = (mail: ParsedMail) => /https?:\/\/\S+\/api\/signatures\/manage\?token=[\w.-]+/.exec(mail.text ?? '')?.[0]
/** Signs and waits for the confirmation; gives its link and token. */
async function signAndOpen(id: number | string, body: Record<string, unknown>) {
  expect((await sign(id, body)).status).toBe(202)
  const [received] = await until(() => mailTo(body.email as string).length > 0 && mailTo(body.email as string))
  const link = linkIn(received!.mail)!
  return { link, mail: received!.mail, token: new URL(link).searchParams.get('token')! }
}
const manage = (body: Record<string, unknown>) => visitor.rest('POST', '/signatures/manage', body)
const open = async (link: string, accept = 'application/json') => {
  const response = await fetch(link, { headers: { accept } })
  return { body: accept.includes('json') ? await response.json() : await response.text(), response }
}
const row = async (petitionId: number | string, email: string) =>
  (await payload.find({ collection: 'signatures', where: { and: [{ petition: { equals: petitionId } }, { email: { equals: email } }] } })).docs[0]
const csv = async (petitionId: number | string) => {
  const response = await fetch(`${stack.server.url}/api/petitions/${petitionId}/signatures.csv`, { headers: { Authorization: `JWT ${as.editor.token}` } })
  return (await response.text()).replace(/^\uFEFF/, '').trim().split('\n')
}
const csvRow = (lines: string[], email: string) => {
  const header = lines[0]!.split(',')
  const line = lines.find((each) => each.includes(email))!.split(',')
  return Object.fromEntries(header.map((name, at) => [name, line[at]]))
}

describe('the confirmation email', () => {
  it('goes to each new signer once, from EMAIL_FROM, with a link to this server; a repeat and a bot get none', async () => {
    const { id } = await petition('Clean the river')
    const { link, mail } = await signAndOpen(id, { consent: true, email: 'ann@example.org', name: 'Ann Lee' })
    expect(mail.from?.value[0]).toMatchObject({ address: 'petitions@example.org', name: 'River Campaign' })
    expect(mail.subject).toBe('Your signature: Clean the river')
    expect(link.startsWith(`${stack.server.url}/api/signatures/manage?token=`)).toBe(true)
    expect(mail.html).toContain('Manage your signature')
    // Marked sent once the sender's batch is through, a moment after the email arrives.
    await until(async () => (await row(id, 'ann@example.org'))!.confirmationSentAt)
    expect(stack.server.output()).toContain(`Email: sent through ${mailEnv.SMTP_URL} from River Campaign <petitions@example.org>.`)

    expect((await sign(id, { email: 'bot@example.org', name: 'Bot', website: 'https://spam.example' })).status).toBe(202)
    // A later signer's email arriving means the sender has passed the bot.
    await signAndOpen(id, { email: 'later@example.org', name: 'Later' })
    expect(mailTo('bot@example.org')).toHaveLength(0)
  })

  it('a repeat of a signature (the email in other case) gets none', async (context) => {
    skipOnEmulator(context, 'it lists unique indexes but does not enforce them: the repeat is stored as a second signature', 'standalone')
    const { id } = await petition()
    await signAndOpen(id, { email: 'ben@example.org', name: 'Ben Ode' })
    expect((await sign(id, { consent: false, email: 'BEN@example.org', name: 'Impostor' })).status).toBe(202)
    // A later signer's email arriving means the sender has passed the repeat.
    await signAndOpen(id, { email: 'later-than-ben@example.org', name: 'Later' })
    expect(mailTo('ben@example.org')).toHaveLength(1)
  })

  it('is sent later when the mail server refuses it at first, and then only once', async () => {
    const { id } = await petition()
    expect((await sign(id, { email: 'flaky@example.org', name: 'Flaky' })).status).toBe(202)
    // The refusal leaves the row unsent; another signer's email goes out meanwhile.
    await signAndOpen(id, { email: 'steady@example.org', name: 'Steady' })
    expect(refuseOnce.has('flaky@example.org')).toBe(false)
    await until(() => mailTo('flaky@example.org').length > 0, 30_000)
    await until(async () => (await row(id, 'flaky@example.org'))!.confirmationSentAt)
    await signAndOpen(id, { email: 'after-flaky@example.org', name: 'After' })
    expect(mailTo('flaky@example.org')).toHaveLength(1)
  })

  it('is not tried again once the mail server refused it for good (5xx), and the emails after it still go', async () => {
    const { id } = await petition()
    expect((await sign(id, { email: 'gone@example.org', name: 'Gone Away' })).status).toBe(202)
    const failed = await until(async () => (await row(id, 'gone@example.org'))?.confirmationFailedAt, 20_000)
    expect(new Date(failed!).getTime()).toBeGreaterThan(Date.now() - 60_000)
    const refusals = () => stack.server.output().split('was refused for good by the mail server').length - 1
    const before = refusals()
    expect(before).toBeGreaterThanOrEqual(1)
    // Three leases later (JOB_LEASE_SECONDS is 3 here; the sweep runs once a lease): not tried again.
    await new Promise((resolve) => setTimeout(resolve, 10_000))
    expect(refusals()).toBe(before)
    await signAndOpen(id, { email: 'after-gone@example.org', name: 'After' })
    expect((await row(id, 'gone@example.org'))!.confirmationSentAt ?? null).toBeNull()
  })

  it('is not sent for a signature an editor enters in the admin', async () => {
    const { id } = await petition()
    const entered = await as.admin.rest('POST', '/signatures', { email: 'paper@example.org', name: 'Paper Signer', petition: id })
    expect(entered.status).toBe(201)
    expect(entered.body.doc.confirmationSentAt).toBeTruthy()
    await signAndOpen(id, { email: 'after-paper@example.org', name: 'After' })
    expect(mailTo('paper@example.org')).toHaveLength(0)
  })
})

describe('the link in it', () => {
  it('confirms the opt-in only on request (double opt-in), and the CSV shows when', async () => {
    const { id } = await petition()
    const { link, token } = await signAndOpen(id, { consent: true, email: 'confirm@example.org', name: 'Cora Firm' })
    const opened = await open(link)
    expect(opened.response.status).toBe(200)
    expect(opened.response.headers.get('cache-control')).toContain('no-store')
    expect(opened.body.signature).toMatchObject({ consent: false, consentAsked: true, consentConfirmedAt: null, name: 'Cora Firm', showName: false })
    // Opening the link (as a mail scanner would) confirms nothing.
    expect(csvRow(await csv(id), 'confirm@example.org')).toMatchObject({ consent: 'no', consentConfirmedAt: '' })

    const before = Date.now()
    const confirmed = await manage({ action: 'confirm-consent', token })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.signature.consent).toBe(true)
    const stored = await row(id, 'confirm@example.org')
    expect(new Date(stored!.consentConfirmedAt!).getTime()).toBeGreaterThanOrEqual(before - 1000)
    const exported = csvRow(await csv(id), 'confirm@example.org')
    expect(exported.consent).toBe('yes')
    expect(exported.consentConfirmedAt).toBe(stored!.consentConfirmedAt)

    const withdrawn = await manage({ action: 'withdraw-consent', token })
    expect(withdrawn.body.signature).toMatchObject({ consent: false, consentAsked: false, consentConfirmedAt: null })
    expect(csvRow(await csv(id), 'confirm@example.org')).toMatchObject({ consent: 'no', consentConfirmedAt: '' })
    // Nothing left to confirm once withdrawn.
    expect((await manage({ action: 'confirm-consent', token })).status).toBe(409)
  })

  it('opens a page for people that shows only that signature, with its buttons', async () => {
    const { id } = await petition('Plant trees')
    const { link } = await signAndOpen(id, { consent: true, email: 'page@example.org', name: 'Paige <Turner>' })
    const page = await open(link, 'text/html')
    expect(page.response.status).toBe(200)
    expect(page.response.headers.get('content-type')).toContain('text/html')
    expect(page.body).toContain('Plant trees')
    expect(page.body).toContain('Paige &lt;Turner&gt;')
    expect(page.body).toContain('data-action="confirm-consent"')
    expect(page.body).toContain('data-action="remove"')
    expect(page.body).not.toContain('page@example.org')
    const broken = await open(`${stack.server.url}/api/signatures/manage?token=nonsense`, 'text/html')
    expect(broken.response.status).toBe(400)
    expect(broken.body).toContain('not valid')
  })

  it('lists a name among the signers only once its signer confirms with the link; opening it confirms nothing', async () => {
    const { id } = await petition()
    const { link, token } = await signAndOpen(id, { email: 'wall@example.org', name: 'Willa Wall', showName: true })
    const wall = async () => (await visitor.rest('GET', `/petitions/${id}/signers`)).body.docs.map((doc: any) => doc.firstName)
    expect(await wall()).toEqual([])
    const page = await open(link, 'text/html')
    expect(page.body).toContain('data-action="confirm"')
    expect((await open(link)).body.signature.confirmed).toBe(false)
    // Opened twice, as a mail scanner and a person would: still not listed.
    expect(await wall()).toEqual([])
    const confirmed = await manage({ action: 'confirm', token })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.signature).toMatchObject({ confirmed: true, name: 'Willa Wall', showName: true })
    expect(await wall()).toEqual(['Willa'])
    expect((await open(link, 'text/html')).body).not.toContain('data-action="confirm"')
    expect((await row(id, 'wall@example.org'))!.confirmedAt).toBeTruthy()
  })

  it('takes actions as JSON only, and no answer about a signature is kept by a cache, refusals included', async () => {
    const { id } = await petition()
    const { token } = await signAndOpen(id, { email: 'form@example.org', name: 'Form Post' })
    const form = new FormData()
    form.set('token', token)
    form.set('action', 'remove')
    const posted = await fetch(`${stack.server.url}/api/signatures/manage`, { body: form, method: 'POST' })
    expect(posted.status).toBe(415)
    expect(posted.headers.get('cache-control')).toBe('no-store')
    expect(await row(id, 'form@example.org')).toBeTruthy()
    const refused = await fetch(`${stack.server.url}/api/signatures/manage?token=nonsense`)
    expect(refused.status).toBe(400)
    expect(refused.headers.get('cache-control')).toBe('no-store')
    const fine = await fetch(`${stack.server.url}/api/signatures/manage?token=${token}`)
    expect(fine.headers.get('cache-control')).toBe('no-store')
  })

  it('counts a name’s length in characters, not UTF-16 units', async () => {
    const { id } = await petition()
    const { token } = await signAndOpen(id, { email: 'emoji@example.org', name: '🌊'.repeat(200) })
    expect((await manage({ action: 'update', name: '🌳'.repeat(200), token })).status).toBe(200)
    const tooLong = await manage({ action: 'update', name: '🌳'.repeat(201), token })
    expect(tooLong.status).toBe(400)
    expect(invalidPaths(tooLong.body)).toEqual(['name'])
  })

  it('changes the name and whether it is shown: the public wall follows', async () => {
    const { id } = await petition()
    const { token } = await signAndOpen(id, { email: 'rename@example.org', name: 'Old Name' })
    const wall = async () => (await visitor.rest('GET', `/petitions/${id}/signers`)).body.docs.map((doc: any) => doc.firstName)
    expect(await wall()).toEqual([])
    const changed = await manage({ action: 'update', name: '  Nadia Newname ', showName: true, token })
    expect(changed.status).toBe(200)
    expect(changed.body.signature).toMatchObject({ name: 'Nadia Newname', showName: true })
    expect(await wall()).toEqual(['Nadia'])
    await manage({ action: 'update', showName: false, token })
    expect(await wall()).toEqual([])
    const bad = await manage({ action: 'update', name: '', showName: 'yes', token })
    expect(bad.status).toBe(400)
    expect(invalidPaths(bad.body).sort()).toEqual(['name', 'showName'])
    expect((await row(id, 'rename@example.org'))!.name).toBe('Nadia Newname')
  })

  it('removes the signature: the row is gone and the count goes down; the link then opens nothing', async () => {
    const { id } = await petition()
    await signAndOpen(id, { email: 'stays@example.org', name: 'Stays' })
    const { link, token } = await signAndOpen(id, { email: 'leaves@example.org', name: 'Leaves' })
    // Read as the admin: visitors' reads of a count may come from the read cache, up to READ_CACHE_COUNT_S old.
    expect((await as.admin.rest('GET', `/petitions/${id}`)).body.signatureCount).toBe(2)
    const removed = await manage({ action: 'remove', token })
    expect(removed).toEqual({ body: { removed: true }, status: 200 })
    expect(await row(id, 'leaves@example.org')).toBeUndefined()
    expect(await row(id, 'stays@example.org')).toBeTruthy()
    expect((await as.admin.rest('GET', `/petitions/${id}`)).body.signatureCount).toBe(1)
    expect((await open(link)).response.status).toBe(400)
    expect((await manage({ action: 'remove', token })).status).toBe(400)
  })

  it('answers altered, forged, expired and missing tokens with a 4xx and no one’s data', async () => {
    const { id } = await petition()
    const { token } = await signAndOpen(id, { consent: true, email: 'victim@example.org', name: 'Vic Tim' })
    const { token: mine } = await signAndOpen(id, { email: 'attacker@example.org', name: 'Mal Lory' })
    const [victimId] = token.split('.')
    const [, myExpiry, myMac] = mine.split('.') as [string, string, string]
    const last = token.at(-1) === 'A' ? 'B' : 'A'
    const bad = [
      token.slice(0, -1) + last,
      `${victimId}.${myExpiry}.${myMac}`,
      `${victimId}.${Number(token.split('.')[1]) + 86400}.${token.split('.')[2]}`,
      'not-a-token',
      `99999999999999999999.1.${'A'.repeat(43)}`,
      `abc.1.${'A'.repeat(43)}`,
    ]
    for (const tampered of bad) {
      for (const answer of [await manage({ action: 'remove', token: tampered }), await visitor.rest('GET', `/signatures/manage?token=${encodeURIComponent(tampered)}`)]) {
        expect(answer.status, tampered).toBe(400)
        expect(invalidPaths(answer.body)).toEqual(['token'])
        expect(JSON.stringify(answer.body)).not.toMatch(/Vic|victim/)
      }
    }
    expect((await manage({ action: 'remove' })).status).toBe(400)
    expect(invalidPaths((await manage({ action: 'delete-everything', token })).body)).toEqual(['action'])
    const expired = signLink(payload.secret, { expiresAt: new Date(Date.now() - 60_000), purpose: MANAGE_SIGNATURE, signatureId: victimId! }, 'victim@example.org')
    const late = await manage({ action: 'remove', token: expired })
    expect(late.status).toBe(410)
    expect(JSON.stringify(late.body)).toContain('expired')
    const victim = await row(id, 'victim@example.org')
    expect(victim).toMatchObject({ name: 'Vic Tim' })
    // Unconfirmed: null on SQL, absent on MongoDB (which stores no field never set).
    expect(victim?.consentConfirmedAt ?? null).toBeNull()
  })
})

describe('the cap on emails to one inbox', () => {
  // Runs on every engine (the MongoDB emulator's cap never trips, so the row is held by hand here).
  it('a repeat signature puts a held confirmation back in the outbox, and it goes out', async () => {
    const { id } = await petition()
    await signAndOpen(id, { email: 'requeue@example.org', name: 'Rae Queue' })
    await until(async () => (await row(id, 'requeue@example.org'))?.confirmationSentAt)
    const stored = (await row(id, 'requeue@example.org'))!
    // As the cap leaves a row it held back: never sent, marked held.
    await payload.update({ collection: 'signatures', data: { confirmationHeldAt: new Date().toISOString(), confirmationSentAt: null }, id: stored.id })
    expect((await sign(id, { email: 'requeue@example.org', name: 'Someone Else' })).status).toBe(202)
    await until(() => mailTo('requeue@example.org').length === 2, 20_000)
    const after = (await row(id, 'requeue@example.org'))!
    expect(after.confirmationHeldAt ?? null).toBeNull()
    expect(after.confirmationSentAt).toBeTruthy()
    expect(after.name).toBe('Rae Queue')
  })

  it('a signer whose confirmation was held gets it by signing again once the cap allows; before that, a repeat sends nothing', async (context) => {
    skipOnEmulator(context, "rate-limiter-flexible's MongoDB store counts through an upsert that relies on a unique index on the key, which it does not enforce: the cap never trips")
    // A stranger used up the inbox's emails by signing three petitions with it; then its owner signs a fourth.
    const petitions = []
    for (let n = 0; n < 4; n++) petitions.push(await petition(`Held week ${n}`))
    for (const { id } of petitions) expect((await sign(id, { email: 'held@example.org', name: 'Hal Held', showName: true })).status).toBe(202)
    const ids = petitions.map(({ id }) => id)
    const mine = async () =>
      (await payload.find({ collection: 'signatures', pagination: false, where: { and: [{ petition: { in: ids } }, { email: { equals: 'held@example.org' } }] } })).docs
    await until(async () => (await mine()).every((doc) => doc.confirmationSentAt || doc.confirmationHeldAt), 20_000)
    const held = (await mine()).find((doc) => doc.confirmationHeldAt)!
    const heldPetition = typeof held.petition === 'object' ? held.petition.id : held.petition
    expect(mailTo('held@example.org')).toHaveLength(3)

    // Again within the hour: held again, nothing sent, nothing else changed.
    expect((await sign(heldPetition, { email: 'held@example.org', name: 'Someone Else' })).status).toBe(202)
    await until(async () => {
      const again = (await row(heldPetition, 'held@example.org'))!.confirmationHeldAt
      return !!again && again !== held.confirmationHeldAt
    }, 20_000)
    await signAndOpen(ids[0]!, { email: 'held-after@example.org', name: 'After' })
    expect(mailTo('held@example.org')).toHaveLength(3)

    // The hour passes (here: the cap's count given back: 3 emails sent, 2 held, each counted), and the owner signs again.
    const cap = await confirmationCap(payload)
    for (let n = 0; n < 5; n++) await cap.giveBack('held@example.org')
    expect((await sign(heldPetition, { email: 'held@example.org', name: 'Hal Held' })).status).toBe(202)
    await until(() => mailTo('held@example.org').length === 4, 20_000)
    const link = linkIn(mailTo('held@example.org')[3]!.mail)!
    const confirmed = await manage({ action: 'confirm', token: new URL(link).searchParams.get('token')! })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.signature).toMatchObject({ confirmed: true, name: 'Hal Held', petition: { title: petitions.find(({ id }) => id === heldPetition)!.title } })
    const stored = await row(heldPetition, 'held@example.org')
    expect(stored).toMatchObject({ name: 'Hal Held' })
    expect(stored!.confirmationSentAt).toBeTruthy()
    expect((await payload.findByID({ collection: 'petitions', id: heldPetition })).signatureCount).toBe(1)
  })
})

describe('two server processes on one database', () => {
  let second: TestServer
  beforeAll(async () => {
    second = await startTestServer({ env: { ...mailEnv, DATABASE_URI: stack.server.database!.uri } })
  })
  afterAll(async () => {
    await second?.stop()
  })

  it('send each new signature’s email exactly once', async () => {
    const { id } = await petition()
    const emails = Array.from({ length: 30 }, (_, n) => `pair${n}@example.org`)
    const answers = await Promise.all(emails.map((email, n) => sign(id, { email, name: `Pair ${n}` }, n % 2 ? second : stack.server)))
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(202))
    await until(() => emails.every((email) => mailTo(email).length > 0))
    // Both processes' senders have finished once every row is marked sent.
    await until(async () => (await payload.count({ collection: 'signatures', where: { and: [{ petition: { equals: id } }, { confirmationSentAt: { exists: false } }] } })).totalDocs === 0)
    await signAndOpen(id, { email: 'pair-last@example.org', name: 'Last' })
    expect(emails.map((email) => mailTo(email).length)).toEqual(Array(30).fill(1))
  })

  it('one address signing 7 petitions through both: all 7 stored and counted, answered alike, 3 confirmations sent, the rest held', async (context) => {
    skipOnEmulator(context, "rate-limiter-flexible's MongoDB store counts through an upsert that relies on a unique index on the key, which it does not enforce: the cap never trips")
    const petitions = await Promise.all(Array.from({ length: 7 }, (_, n) => petition(`Busy week ${n}`)))
    const answers = await Promise.all(
      petitions.map(async ({ id }, n) => {
        const answer = await sign(id, { email: 'Busy@Example.org', name: 'Busy Bee' }, n % 2 ? second : stack.server)
        return `${answer.status} ${await answer.text()}`
      }),
    )
    expect(answers).toEqual(Array(7).fill('202 {}'))
    const ids = petitions.map(({ id }) => id)
    const mine = () => payload.find({ collection: 'signatures', pagination: false, where: { and: [{ petition: { in: ids } }, { email: { equals: 'busy@example.org' } }] } })
    // Every row settled: sent or held.
    await until(async () => (await mine()).docs.every((doc) => doc.confirmationSentAt || doc.confirmationHeldAt), 20_000)
    const docs = (await mine()).docs
    expect(docs).toHaveLength(7)
    expect(docs.filter((doc) => doc.confirmationSentAt && !doc.confirmationHeldAt)).toHaveLength(3)
    expect(docs.filter((doc) => doc.confirmationHeldAt && !doc.confirmationSentAt)).toHaveLength(4)
    const counts = await Promise.all(ids.map(async (id) => (await payload.findByID({ collection: 'petitions', id })).signatureCount))
    expect(counts).toEqual(Array(7).fill(1))
    // Another signer's email arriving through each server: their senders have passed the held rows.
    await signAndOpen(ids[0]!, { email: 'busy-after@example.org', name: 'After' })
    expect((await sign(ids[1]!, { email: 'busy-after-2@example.org', name: 'After' }, second)).status).toBe(202)
    await until(() => mailTo('busy-after-2@example.org').length > 0)
    expect(mailTo('busy@example.org')).toHaveLength(3)
  })
})
