// An outsider's attacks on public signing (issue #15 review): what a stranger can try with
// nothing but the public sign endpoint, and what must hold against it.
import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { sharedRateLimiter, overLimit } from '../../src/rateLimits/sharedRateLimiter'
import { onMongoEmulator } from '../helpers/mongoEmulator'
import { seedRoleClients } from '../helpers/seedUsers'
import { startTestServer } from '../helpers/testServer'
import { startTestStack, type TestStack } from '../helpers/testStack'

let stack: TestStack
let payload: Payload

// Addresses unlimited (every request here comes from loopback).
beforeAll(async () => {
  stack = await startTestStack({ env: { SIGN_RATE_PER_IP: '1000000' } })
  payload = stack.payload
})
afterAll(async () => {
  await stack?.close()
})

let serial = 0
const petition = async () =>
  payload.create({ collection: 'petitions', data: { _status: 'published', title: `Attack petition ${++serial}` } as any })
const sign = (id: number | string, body: Record<string, unknown>, contentType = 'application/json') =>
  fetch(`${stack.server.url}/api/petitions/${id}/sign`, {
    body: contentType === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
    headers: { 'Content-Type': contentType },
    method: 'POST',
  })

describe('cross-site posts', () => {
  it('a form-urlencoded, text/plain or multipart post is refused with 415 and stores nothing', async () => {
    const { id } = await petition()
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const answer = await sign(id, { email: `cross-${type.length}@example.org`, name: 'Cross Site' }, type)
      expect(answer.status, type).toBe(415)
    }
    expect((await payload.count({ collection: 'signatures', where: { petition: { equals: id } } })).totalDocs).toBe(0)
  })
})

describe('odd text in the form', () => {
  // JSON may carry a lone UTF-16 surrogate ("\ud800"); the email check runs encodeURI, which
  // throws URIError on one. Found by the #15 outside review: the sign answer was a 500.
  it('an email with a lone surrogate is a 400 naming email, never a 5xx, and stores nothing', async () => {
    const { id } = await petition()
    for (const raw of ['s\\ud800r@example.org', 'sur@example.org\\udc00', '\\udbff@example.org']) {
      const answer = await fetch(`${stack.server.url}/api/petitions/${id}/sign`, {
        body: `{"name":"Lone Surrogate","email":"${raw}"}`,
        headers: { 'Content-Type': 'application/json' },
        method: 'POST',
      })
      expect(answer.status, raw).toBe(400)
      const body = (await answer.json()) as { errors: { data?: { errors?: { path: string }[] } }[] }
      expect(body.errors[0]!.data!.errors!.map((error) => error.path), raw).toContain('email')
    }
    expect((await payload.count({ collection: 'signatures', where: { petition: { equals: id } } })).totalDocs).toBe(0)
  })

  it("an admin's erasure request for an email with a lone surrogate is a 400 naming email, never a 5xx", async () => {
    const as = await seedRoleClients(payload, stack.server.url)
    const answer = await as.admin.rest('POST', '/signatures/erase', { email: 's\ud800r@example.org' })
    expect(answer.status).toBe(400)
    expect(JSON.stringify(answer.body)).toContain('"path":"email"')
  })
})

describe('the batched PostgreSQL limiter answers each attempt', () => {
  it('20 concurrent attempts on one key with 10 points: exactly 10 allowed', async () => {
    const limiter = await sharedRateLimiter(payload, { durationSeconds: 60, keyPrefix: `attack-${Date.now()}`, points: 10 })
    const waits = await Promise.all(Array.from({ length: 20 }, () => overLimit(limiter, 'one-address')))
    expect(waits.filter((wait) => wait === undefined)).toHaveLength(10)
    // A second tick on the same key: all over the limit.
    const later = await Promise.all(Array.from({ length: 5 }, () => overLimit(limiter, 'one-address')))
    expect(later.filter((wait) => wait === undefined)).toHaveLength(0)
  })

  it('20 concurrent HTTP signs from one address with SIGN_RATE_PER_IP=10: exactly 10 accepted', async () => {
    const limited = await startTestStack({ env: { SIGN_RATE_PER_IP: '10' } })
    try {
      const { id } = await limited.payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Burst' } as any })
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          fetch(`${limited.server.url}/api/petitions/${id}/sign`, {
            body: JSON.stringify({ email: `burst${n}@example.org`, name: `Burst ${n}` }),
            headers: { 'Content-Type': 'application/json' },
            method: 'POST',
          }),
        ),
      )
      const statuses = answers.map((answer) => answer.status).sort()
      expect(statuses.filter((status) => status === 202)).toHaveLength(10)
      expect(statuses.filter((status) => status === 429)).toHaveLength(10)
      // X-Forwarded-For without TRUST_PROXY changes nothing.
      const spoofed = await fetch(`${limited.server.url}/api/petitions/${id}/sign`, {
        body: JSON.stringify({ email: 'spoof@example.org', name: 'Spoof' }),
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.9' },
        method: 'POST',
      })
      expect(spoofed.status).toBe(429)
    } finally {
      await limited.close()
    }
  })
})

describe('odd input and odd verbs on the sign path', () => {
  it('answers 4xx, never 5xx, to odd bodies, ids, paths and verbs', async () => {
    const { id } = await petition()
    const base = stack.server.url
    const cases: [string, string, RequestInit][] = [
      ['nested', `/api/petitions/${id}/sign`, { body: '['.repeat(5000) + ']'.repeat(5000), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['array', `/api/petitions/${id}/sign`, { body: '[{"email":"a@example.org","name":"A"}]', headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['huge number', `/api/petitions/${id}/sign`, { body: '{"email":"n@example.org","name":1e999999}', headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['NUL email', `/api/petitions/${id}/sign`, { body: JSON.stringify({ email: 'nul\u0000@example.org', name: 'N' }), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['long email', `/api/petitions/${id}/sign`, { body: JSON.stringify({ email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.org`, name: 'L' }), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['id not an id', `/api/petitions/abc'%3B--/sign`, { body: JSON.stringify({ email: 'x@example.org', name: 'X' }), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['huge id', `/api/petitions/99999999999999999999999/sign`, { body: JSON.stringify({ email: 'x@example.org', name: 'X' }), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['percent path', `/api/petitions/%2e%2e%2fsign/sign`, { body: JSON.stringify({ email: 'x@example.org', name: 'X' }), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['bad percent', `/api/petitions/%E0%A4%A/sign`, { body: JSON.stringify({ email: 'x@example.org', name: 'X' }), headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['HEAD', `/api/petitions/${id}/sign`, { method: 'HEAD' }],
      ['GET', `/api/petitions/${id}/sign`, { method: 'GET' }],
      ['PUT', `/api/petitions/${id}/sign`, { body: '{}', headers: { 'Content-Type': 'application/json' }, method: 'PUT' }],
      ['manage GET bad token', `/api/signatures/manage?token=1.99999999999.${'A'.repeat(43)}`, { method: 'GET' }],
      ['manage GET huge id', `/api/signatures/manage?token=999999999999999.99999999999.${'A'.repeat(43)}`, { method: 'GET' }],
      ['manage POST text', `/api/signatures/manage`, { body: 'token=x&action=remove', headers: { 'Content-Type': 'text/plain' }, method: 'POST' }],
      ['manage POST array', `/api/signatures/manage`, { body: '[1]', headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
      ['manage POST token object', `/api/signatures/manage`, { body: '{"token":{"a":1},"action":"remove"}', headers: { 'Content-Type': 'application/json' }, method: 'POST' }],
    ]
    const seen: Record<string, number> = {}
    for (const [name, path, init] of cases) {
      const answer = await fetch(`${base}${path}`, init)
      await answer.text()
      seen[name] = answer.status
    }
    expect(Object.entries(seen).filter(([, status]) => status >= 500)).toEqual([])
  })

  it('a cross-site preflight from an origin not in CORS_ORIGINS gets no CORS grant', async () => {
    const { id } = await petition()
    const answer = await fetch(`${stack.server.url}/api/petitions/${id}/sign`, {
      headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type', Origin: 'https://evil.example' },
      method: 'OPTIONS',
    })
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('the count while editors work mid-flood', () => {
  it('an admin saving, closing and reopening the petition during a flood leaves counter == rows', async () => {
    const { id } = await petition()
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        sign(id, { email: `mid-flood-${n}@example.org`, name: `Mid ${n}` }).then(async (answer) => (await answer.text(), answer.status)),
      ),
    )
    const edits = (async () => {
      for (let n = 0; n < 15; n++) {
        const edit = [{ summary: `Edited ${n}` }, { status: 'closed' }, { status: 'open' }][n % 3]
        const answer = await stack.admin.rest('PATCH', `/petitions/${id}`, edit)
        expect(answer.status).toBe(200)
      }
    })()
    const [statuses] = await Promise.all([flood, edits])
    const accepted = statuses.filter((status) => status === 202).length
    expect(statuses.filter((status) => status !== 202 && status !== 409)).toEqual([])
    const stored = await payload.findByID({ collection: 'petitions', depth: 0, id })
    const { totalDocs } = await payload.count({ collection: 'signatures', where: { petition: { equals: id } } })
    // Every 202 is a row (all emails distinct), and the counter counts exactly the rows.
    expect({ counter: stored.signatureCount, rows: totalDocs }).toEqual({ counter: accepted, rows: accepted })
  })
})

describe('doors a stranger might read signers through', () => {
  it('anonymous REST, GraphQL and CSV reads of signatures are refused, and where-filters leak nothing', async () => {
    const { id } = await petition()
    expect((await sign(id, { email: 'door-victim@example.org', name: 'Door Victim' })).status).toBe(202)
    const base = `${stack.server.url}/api`
    const statuses: Record<string, number> = {}
    for (const path of [
      '/signatures',
      '/signatures?where[email][equals]=door-victim@example.org',
      '/signatures/count?where[email][equals]=door-victim@example.org',
      `/signatures/1`,
      `/petitions/${id}/signatures.csv`,
      `/petitions?where[signatures.email][equals]=door-victim@example.org`,
      `/signatures/manage?token=`,
    ]) {
      const answer = await fetch(`${base}${path}`)
      statuses[path] = answer.status
      const text = await answer.text()
      expect(text, path).not.toContain('door-victim')
    }
    expect(Object.entries(statuses).filter(([, status]) => status === 200)).toEqual([])
    const gql = await fetch(`${base}/graphql`, {
      body: JSON.stringify({ query: '{ Signatures(where: { email: { equals: "door-victim@example.org" } }) { totalDocs docs { name } } countSignatures { totalDocs } }' }),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })
    const text = await gql.text()
    expect(text).not.toContain('Door Victim')
    expect(text).not.toMatch(/"totalDocs":\s*[1-9]/)
  })
})

describe('a second server process on the same database', () => {
  it('keeps counter == rows when signers are split across both, and answers one email alike however often it comes', async () => {
    const second = await startTestServer({ env: { DATABASE_URI: stack.server.database!.uri, SIGN_RATE_PER_IP: '1000000' } })
    try {
      const { id } = await petition()
      const to = (url: string, body: Record<string, unknown>) =>
        fetch(`${url}/api/petitions/${id}/sign`, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, method: 'POST' }).then(
          async (answer) => (await answer.text(), answer.status),
        )
      const urls = [stack.server.url, second.url]
      const flood = await Promise.all(Array.from({ length: 200 }, (_, n) => to(urls[n % 2]!, { email: `two-${n}@example.org`, name: `Two ${n}` })))
      expect(flood.filter((status) => status !== 202)).toEqual([])
      const stored = await payload.findByID({ collection: 'petitions', depth: 0, id })
      const { totalDocs } = await payload.count({ collection: 'signatures', where: { petition: { equals: id } } })
      expect({ counter: stored.signatureCount, rows: totalDocs }).toEqual({ counter: 200, rows: 200 })
      // No limit per email to use up, shared or not: the eighth try is answered as the first.
      const oneEmail = await Promise.all(Array.from({ length: 8 }, (_, n) => to(urls[n % 2]!, { email: 'one-email@example.org', name: 'One' })))
      expect(oneEmail).toEqual(Array(8).fill(202))
      // One signature for them all (the emulator lists unique indexes but does not enforce them).
      if (!onMongoEmulator()) expect((await payload.findByID({ collection: 'petitions', depth: 0, id })).signatureCount).toBe(201)
    } finally {
      second.process.kill('SIGTERM')
      await second.exited
    }
  })
})

describe('the per-address limit behind a trusted proxy', () => {
  it('one IPv6 client (one /64, every address in it its own) gets no more than SIGN_RATE_PER_IP', async () => {
    const proxied = await startTestStack({ env: { SIGN_RATE_PER_IP: '10', TRUST_PROXY: 'loopback' } })
    try {
      const { id } = await proxied.payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Proxied' } as any })
      const from = async (forwardedFor: string, n: number) => {
        const answer = await fetch(`${proxied.server.url}/api/petitions/${id}/sign`, {
          body: JSON.stringify({ email: `v6-${n}@example.org`, name: `Six ${n}` }),
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwardedFor },
          method: 'POST',
        })
        await answer.text()
        return answer.status
      }
      // Control: one address written one way is held to 10.
      const control: number[] = []
      for (let n = 0; n < 12; n++) control.push(await from('198.51.100.5', 200 + n))
      expect(control.filter((status) => status === 202)).toHaveLength(10)
      // A home or cloud IPv6 connection is given a whole /64: its owner picks any address in it.
      const v6: number[] = []
      for (let n = 0; n < 20; n++) v6.push(await from(`2001:db8:1:1::${(n + 1).toString(16)}`, n))
      // The /64 is one client: it shares one count (each address counted alone gave 20 of 20).
      expect(v6.filter((status) => status === 202)).toHaveLength(10)
    } finally {
      await proxied.close()
    }
  })
})

describe('the manage link with an id past the database’s integers', () => {
  it('a token naming signature 2147483648 (one past PostgreSQL integer) is refused as invalid, not a 500, by GET and POST', async () => {
    const token = `2147483648.99999999999.${'A'.repeat(43)}`
    const get = await fetch(`${stack.server.url}/api/signatures/manage?token=${token}`)
    const post = await fetch(`${stack.server.url}/api/signatures/manage`, {
      body: JSON.stringify({ action: 'remove', token }),
      headers: { 'Content-Type': 'application/json' },
      method: 'POST',
    })
    await Promise.all([get.text(), post.text()])
    // Such an id never reaches the database (on PostgreSQL it answered 500 from its integer column).
    expect([get.status, post.status]).toEqual([400, 400])
  })

  it('a petition id past PostgreSQL integer on the public signers list and the sign route is a 4xx, not 500', async () => {
    const signers = await fetch(`${stack.server.url}/api/petitions/2147483648/signers`)
    const signed = await sign('2147483648', { email: 'big-id@example.org', name: 'Big' })
    await Promise.all([signers.text(), signed.text()])
    expect([signers.status, signed.status].filter((status) => status >= 500)).toEqual([])
  })
})
