/**
 * A bound on how many API reads Payload computes at once. Each read of a large page holds its
 * documents in memory until it is sent (a 100-article page at depth 3 is ~10 MB), so twenty
 * different ones at once grew the server by ~250 MB (`npm run bench:hardening`). Reads the
 * read cache answers never get here; the rest take a turn: at most `concurrency` run, the next
 * `queue` wait in order, and the rest — or one that waited `waitMs` — get a 503 with
 * Retry-After, which clients and CDNs understand as "try again shortly".
 *
 * Writes are not held here: they are few, signed in or rate-limited (signing, login), and a
 * petition's signers must not queue behind page reads.
 */
import type { Request, Response } from 'express'

import { E_TIMEOUT, Semaphore, withTimeout } from 'async-mutex'

import { positiveIntegerFromEnv } from '../utilities/envNumber'

export type ReadConcurrencySettings = {
  /** Reads computed at once. @default 4 */
  concurrency: number
  /** Reads waiting for a turn; past it, 503 at once. @default 200 */
  queue: number
  /** How long a read waits for a turn before its 503. @default 10000 */
  waitMs: number
}

export function readConcurrencyFromEnv(env: NodeJS.ProcessEnv = process.env): ReadConcurrencySettings {
  return {
    concurrency: positiveIntegerFromEnv('API_READ_CONCURRENCY', 4, env),
    queue: positiveIntegerFromEnv('API_READ_QUEUE', 200, env),
    waitMs: positiveIntegerFromEnv('API_READ_WAIT_MS', 10_000, env),
  }
}

type Handle = (req: Request, res: Response) => unknown

/**
 * Requests with credentials go straight through: the admin panel's reads (a dashboard fires
 * many at once) must not queue behind visitors', and a signed-in user may ask for large pages
 * anyway. A bogus credential passes too, but its request is still held to the anonymous size
 * bounds (src/requestGuard/publicReads.ts).
 */
const isAnonymousApiRead = (req: Request) =>
  req.url.startsWith('/api/') &&
  (req.method === 'GET' || req.method === 'HEAD' || (req.method === 'POST' && req.url.split('?')[0] === '/api/graphql')) &&
  req.headers.authorization === undefined &&
  !/payload-token/.test(req.headers.cookie ?? '')

/** `handle` (Next) wrapped so API reads take turns; everything else goes straight through. */
export function limitReadConcurrency(handle: Handle, settings: ReadConcurrencySettings = readConcurrencyFromEnv()): Handle & { waiting: () => number } {
  const turns = withTimeout(new Semaphore(settings.concurrency), settings.waitMs)
  let waiting = 0
  const limited: Handle = (req, res) => {
    if (!isAnonymousApiRead(req)) return handle(req, res)
    if (waiting >= settings.queue) return busy(res)
    waiting++
    turns.acquire().then(
      ([, release]) => {
        waiting--
        // A client that gave up while waiting frees its turn without being computed. (Its socket
        // says so; `req.destroyed` does not: a request whose empty body has been read is
        // destroyed while its client still waits for the answer.)
        if (res.destroyed || req.socket.destroyed) return release()
        res.once('close', release)
        handle(req, res)
      },
      (error: unknown) => {
        waiting--
        if (error === E_TIMEOUT) busy(res)
        else res.destroy(error instanceof Error ? error : new Error(String(error)))
      },
    )
  }
  return Object.assign(limited, { waiting: () => waiting })
}

function busy(res: Response) {
  if (res.headersSent) return
  res.status(503).setHeader('retry-after', '1').setHeader('cache-control', 'no-store')
  res.json({ errors: [{ message: 'The server is busy with other reads; try again in a moment.' }] })
}
