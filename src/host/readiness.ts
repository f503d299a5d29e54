/**
 * `/healthz` says the process is alive; `/readyz` says it can serve: migrations applied, the
 * first-admin bootstrap done, Next prepared, not shutting down, and the database answering now.
 */
import type { RequestHandler } from 'express'
import type { Payload } from 'payload'

const DATABASE_PING_TIMEOUT_MS = 2_000

export type Readiness = {
  healthz: RequestHandler
  /** Started and not stopping: what the host may answer before its express app (stored reads). */
  isReady: () => boolean
  markReady: (payload: Payload) => void
  markStopping: () => void
  readyz: RequestHandler
  /** Answers 503 to everything but the health routes until the host is ready. */
  untilReady: RequestHandler
}

export function createReadiness(): Readiness {
  let state: 'ready' | 'starting' | 'stopping' = 'starting'
  let payload: Payload | undefined

  return {
    healthz: (_req, res) => {
      res.json({ status: 'alive' })
    },
    isReady: () => state === 'ready',
    markReady: (readyPayload) => {
      payload = readyPayload
      state = 'ready'
    },
    markStopping: () => {
      state = 'stopping'
    },
    readyz: async (_req, res) => {
      if (state !== 'ready' || !payload) {
        res.status(503).set('Retry-After', '1').json({ status: state })
        return
      }
      try {
        await withTimeout(pingDatabase(payload), DATABASE_PING_TIMEOUT_MS)
        res.json({ status: 'ready' })
      } catch (error) {
        res.status(503).json({ reason: (error as Error).message, status: 'database unavailable' })
      }
    },
    untilReady: (_req, res, next) => {
      if (state === 'ready') return next()
      res
        .status(503)
        .set('Retry-After', '1')
        .json({ errors: [{ message: state === 'starting' ? 'Broadside is starting; try again shortly.' : 'Broadside is shutting down.' }] })
    },
  }
}

async function pingDatabase(payload: Payload): Promise<void> {
  await payload.count({ collection: 'payload-migrations', overrideAccess: true })
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
