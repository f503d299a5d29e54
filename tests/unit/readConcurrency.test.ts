/**
 * The host's bound on API reads computed at once (src/host/readConcurrency.ts), on a real
 * express server whose "Payload" is a handler the test holds open, so turns are exact.
 */
import type { AddressInfo } from 'node:net'

import express from 'express'
import { once } from 'node:events'
import { type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'

import { limitReadConcurrency, readConcurrencyFromEnv } from '../../src/host/readConcurrency'

type Held = { path: string; release: () => void }

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  server?.close()
  server = undefined
})

/** A host whose handler answers only when the test releases the request. */
async function hostHolding(settings: { concurrency: number; queue: number; waitMs: number }) {
  const held: Held[] = []
  const arrived: (() => void)[] = []
  const app = express()
  // As in the host, something ahead has read each request's (empty) body by the time its turn
  // comes: Node then marks the request destroyed though its client still waits.
  app.use((req, _res, next) => {
    req.resume()
    next()
  })
  const limited = limitReadConcurrency((req, res) => {
    held.push({ path: req.url, release: () => res.json({ path: req.url }) })
    arrived.splice(0).forEach((wake) => wake())
  }, settings)
  app.use(limited)
  server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const heldCount = async (count: number) => {
    while (held.length < count) await new Promise<void>((resolve) => arrived.push(resolve))
  }
    const waitingCount = async (count: number) => {
    while (limited.waiting() !== count) await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return { heldCount, held, url, waitingCount }
}

describe('API reads take turns', () => {
  it('computes at most `concurrency` reads, queues the next `queue`, and answers the rest 503 at once', async () => {
    const host = await hostHolding({ concurrency: 2, queue: 1, waitMs: 60_000 })
    const first = fetch(`${host.url}/api/articles?page=1`)
    const second = fetch(`${host.url}/api/articles?page=2`)
    await host.heldCount(2)
    const queued = fetch(`${host.url}/api/articles?page=3`)
    // The queue is full once the third is waiting: the fourth is refused without being computed.
    await host.waitingCount(1)
    const overflow = await fetch(`${host.url}/api/articles?page=4`)
    expect(overflow.status).toBe(503)
    expect(overflow.headers.get('retry-after')).toBe('1')
    expect((await overflow.json()).errors[0].message).toMatch(/busy/)
    expect(host.held.map((request) => request.path)).toEqual(['/api/articles?page=1', '/api/articles?page=2'])

    host.held[0]!.release()
    expect((await (await first).json()).path).toBe('/api/articles?page=1')
    await host.heldCount(3)
    expect(host.held[2]!.path).toBe('/api/articles?page=3')
    host.held[1]!.release()
    host.held[2]!.release()
    expect((await second).status).toBe(200)
    expect((await (await queued).json()).path).toBe('/api/articles?page=3')
  })

  it('a read that waits longer than `waitMs` for its turn gets a 503', async () => {
    const host = await hostHolding({ concurrency: 1, queue: 10, waitMs: 200 })
    const first = fetch(`${host.url}/api/articles`)
    await host.heldCount(1)
    const waited = await fetch(`${host.url}/api/categories`)
    expect(waited.status).toBe(503)
    host.held[0]!.release()
    expect((await first).status).toBe(200)
  })

  it('GraphQL reads take turns too; writes, signed-in reads and non-API requests never wait', async () => {
    const host = await hostHolding({ concurrency: 1, queue: 1, waitMs: 60_000 })
    const read = fetch(`${host.url}/api/articles`)
    await host.heldCount(1)
    const graphQL = fetch(`${host.url}/api/graphql`, { body: '{"query":"{ Articles { totalDocs } }"}', headers: { 'content-type': 'application/json' }, method: 'POST' })
    // The GraphQL read waits: a write and an admin page are computed beside the held read.
    await host.waitingCount(1)
    const sign = fetch(`${host.url}/api/petitions/1/sign`, { body: '{}', headers: { 'content-type': 'application/json' }, method: 'POST' })
    const admin = fetch(`${host.url}/admin`)
    const editorsRead = fetch(`${host.url}/api/articles?draft=true`, { headers: { cookie: 'payload-token=x' } })
    await host.heldCount(4)
    expect(host.held.map((request) => request.path).sort()).toEqual(['/admin', '/api/articles', '/api/articles?draft=true', '/api/petitions/1/sign'])
    for (const request of host.held.slice(0)) request.release()
    await host.heldCount(5)
    expect(host.held[4]!.path).toBe('/api/graphql')
    host.held[4]!.release()
    for (const response of await Promise.all([read, graphQL, sign, admin, editorsRead])) expect(response.status).toBe(200)
  })

  it('reads its settings from the environment and refuses nonsense', () => {
    const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv
    expect(readConcurrencyFromEnv(env({}))).toEqual({ concurrency: 4, queue: 200, waitMs: 10_000 })
    expect(readConcurrencyFromEnv(env({ API_READ_CONCURRENCY: '2', API_READ_QUEUE: '5', API_READ_WAIT_MS: '100' }))).toEqual({ concurrency: 2, queue: 5, waitMs: 100 })
    expect(() => readConcurrencyFromEnv(env({ API_READ_CONCURRENCY: '0' }))).toThrow(/API_READ_CONCURRENCY/)
  })
})
