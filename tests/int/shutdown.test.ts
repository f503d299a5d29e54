// SIGTERM under load: with publishes and signatures in flight the server stops taking work at
// once, answers requests that arrive on open connections 503 with `Connection: close`, exits
// within its 10 s deadline, and every write it acknowledged with a 2xx is in the database.
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraph, REQUIRED_KINDS } from '../helpers/articles'
import { startTestStack, type TestStack } from '../helpers/testStack'
import { until } from '../helpers/wait'

const PUBLISHES = 20
const SIGNATURES = 400
const SHUTDOWN_DEADLINE_MS = 10_000

let stack: TestStack

beforeAll(async () => {
  // Every signer comes from one address: lift the flood limits.
  stack = await startTestStack({ env: { SIGN_RATE_PER_IP: '1000000' } })
})
afterAll(async () => {
  await stack?.close()
})

/** Drafts with every section publishing needs, ready to go live over REST. */
async function draftsReadyToPublish(count: number): Promise<number[]> {
  const ids: number[] = []
  for (let n = 0; n < count; n++) {
    const draft = await stack.payload.create({ collection: 'articles', data: { _status: 'draft', title: `Under load ${n}` }, draft: true })
    for (const [order, kind] of REQUIRED_KINDS.entries()) {
      await stack.payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`${kind} ${n}`), kind, order } })
    }
    ids.push(draft.id)
  }
  return ids
}

/**
 * A connection the server accepted before the signal, carrying a request whose head is not
 * complete yet; `finish` sends the rest and reads the answer's status line and headers.
 */
async function requestHalfSent(baseUrl: string, path: string) {
  const { hostname, port } = new URL(baseUrl)
  const socket = connect(Number(port), hostname)
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`)
  return {
    finish: async () => {
      socket.write('Accept: application/json\r\n\r\n')
      // A `Connection: close` answer ends the connection; that end is part of the promise.
      await ended
      const [head = ''] = received.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
      return { headers, status: Number(statusLine.split(' ')[1]) }
    },
  }
}

type Outcome = { email?: string; id?: number; status?: number }

describe('SIGTERM under load', () => {
  it('stops at once, refuses new requests with 503 and Connection: close, exits within the deadline, loses no acknowledged write', async () => {
    const { server } = stack
    const articleIds = await draftsReadyToPublish(PUBLISHES)
    const petition = await stack.payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Signed under load' } as any })
    const late = await requestHalfSent(server.url, `/api/petitions/${petition.id}`)

    const outcomes: Outcome[] = []
    const track = (outcome: Outcome, answer: Promise<Response>) =>
      answer.then(
        (response) => {
          outcome.status = response.status
          outcomes.push(outcome)
        },
        () => outcomes.push(outcome),
      )
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${server.url}/api${path}`, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(path.startsWith('/articles') ? { authorization: `JWT ${stack.admin.token}` } : {}) },
        method,
      })
    const load = [
      ...articleIds.map((id) => track({ id }, post(`/articles/${id}`, { _status: 'published' }, 'PATCH'))),
      ...Array.from({ length: SIGNATURES }, (_, n) => {
        const email = `under-load-${n}@example.org`
        return track({ email }, post(`/petitions/${petition.id}/sign`, { email, name: `Signer ${n}` }))
      }),
    ]
    // The signal lands while the work is really under way: some of it answered, most not.
    await until(() => outcomes.some((outcome) => outcome.status !== undefined && outcome.status < 300), 120_000)
    const signalled = Date.now()
    server.process.kill('SIGTERM')
    const exited = server.exited.then((code) => ({ code, ms: Date.now() - signalled }))

    await until(() => server.output().includes('SIGTERM received'), 60_000)
    // It began stopping while requests were still in flight, not after working through them.
    expect(outcomes.length).toBeLessThan(load.length)
    const refused = await late.finish()
    expect(refused.status).toBe(503)
    expect(refused.headers.connection).toBe('close')
    // A new connection is refused (fetch could reuse one of the load's open connections).
    const { hostname, port } = new URL(server.url)
    const connecting = connect(Number(port), hostname)
    await expect(new Promise((resolve, reject) => connecting.once('connect', resolve).once('error', reject))).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    connecting.destroy()

    const { code, ms } = await exited
    expect(ms, `exit code ${code}; server said:\n${server.output().slice(-2000)}`).toBeLessThan(SHUTDOWN_DEADLINE_MS)
    await Promise.all(load)

    const acknowledged = outcomes.filter((outcome) => outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300)
    // A figure, not an assertion (speed belongs to benchmarks).
    const handled = /stopped \((\d+) ms after/.exec(server.output())?.[1]
    console.info(`SIGTERM → exit ${code} after ${ms} ms (${handled ?? '?'} ms of them after the handler began); ${acknowledged.length} of ${load.length} requests acknowledged`)
    const published = acknowledged.flatMap((outcome) => (outcome.id === undefined ? [] : [outcome.id]))
    const signed = acknowledged.flatMap((outcome) => (outcome.email === undefined ? [] : [outcome.email]))
    expect(acknowledged.length).toBeGreaterThan(0)
    const live = await stack.payload.find({ collection: 'articles', draft: false, limit: 0, pagination: false, where: { _status: { equals: 'published' } } })
    expect(live.docs.map((doc) => doc.id)).toEqual(expect.arrayContaining(published))
    const stored = await stack.payload.find({ collection: 'signatures', limit: 0, pagination: false, where: { petition: { equals: petition.id } } })
    expect(stored.docs.map((doc) => doc.email)).toEqual(expect.arrayContaining(signed))
  }, 240_000)
})
