/**
 * The express host `npm start` and `npm run dev` run: health checks, request limits and
 * security headers and the exact read cache (src/readCache) in front of Payload's REST (/api)
 * and GraphQL (/api/graphql) handlers (src/host/serveApi.ts) and the Next.js app that serves the
 * admin panel (/admin); and a graceful shutdown on SIGTERM/SIGINT.
 *
 * Plugins may contribute routes the host serves itself, before Next (src/host/hostRoutes).
 *
 * Payload is initialised here, before Next serves anything, so migrations and the first-admin
 * bootstrap finish before the process reports ready; Next's route handlers reuse the instance.
 */
import type { Payload } from 'payload'

import nextEnv from '@next/env'
import express from 'express'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

import { once } from 'node:events'

import { bootstrapFirstAdmin } from './bootstrap/bootstrapFirstAdmin'
import { closeDatabase } from './database/closeDatabase'
import { describeEmail } from './email/emailAdapter'
import { clientAddress } from './host/clientAddress'
import { gracefulShutdown } from './host/gracefulShutdown'
import { mountHostRoutes } from './host/hostRoutes'
import { refuseMalformedPaths, refuseUnservedMethods } from './host/malformedPaths'
import { bodyLimit, DEFAULT_JSON_BODY_LIMIT_BYTES } from './host/bodyLimit'
import { publicCors } from './host/publicCors'
import { readCache } from './readCache/middleware'
import { limitReadConcurrency } from './host/readConcurrency'
import { createReadiness } from './host/readiness'
import { securityHeaders } from './host/securityHeaders'
import { serveApi } from './host/serveApi'
import { stopWhenOrphaned } from './host/supervise'

const dev = process.env.NODE_ENV !== 'production'
nextEnv.loadEnvConfig(process.cwd(), dev)
process.env.NEXT_TELEMETRY_DISABLED ??= '1'

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000)
  const host = process.env.HOST ?? '0.0.0.0'

  // Loading the config first makes a bad DATABASE_URI or a missing secret fail at once.
  const { default: config } = await import('../payload.config')
  const resolvedConfig = await config
  console.log(describeEmail())

  const { getPayload } = await import('payload')
  const { default: next } = await import('next')
  const readiness = createReadiness()
  /** What start-up produces, filled in as it goes; requests and shutdown read it. */
  const started: { handle?: ReturnType<ReturnType<typeof next>['getRequestHandler']>; payload?: Payload } = {}

  const shutdown = gracefulShutdown()
  const app = express()
  app.disable('x-powered-by')
  app.use(shutdown.refuseWhileStopping)
  if (process.env.TRUST_PROXY) app.set('trust proxy', parseTrustProxy(process.env.TRUST_PROXY))
  app.get('/healthz', readiness.healthz)
  app.get('/readyz', readiness.readyz)
  app.use(readiness.untilReady)
  app.use(securityHeaders({ dev }))
  app.use(refuseUnservedMethods())
  app.use(refuseMalformedPaths())
  const uploadFileSize = Number(resolvedConfig.upload?.limits?.fileSize ?? 10 * 1024 * 1024)
  app.use(bodyLimit({ maxUploadBytes: uploadFileSize + DEFAULT_JSON_BODY_LIMIT_BYTES }))
  app.use(clientAddress())
  app.use(publicCors())
  // Routes plugins serve themselves (signing a petition), ahead of the cache and of Next.
  app.use(mountHostRoutes(resolvedConfig, () => started.payload))
  // untilReady keeps requests away until `handle` and `payload` exist.
  // What the cache does not answer, Payload computes, a bounded number of reads at a time.
  // In production the host answers /api itself, with the handlers Next's route files export;
  // in development Next serves them, so edits reload.
  const nextHandle = (req: IncomingMessage, res: ServerResponse): void => void started.handle!(req, res)
  let handle: typeof nextHandle = nextHandle
  if (!dev) {
    const { graphQLRoutes, restRoutes } = await import('./api/handlers')
    handle = serveApi(restRoutes(config), graphQLRoutes(config), nextHandle)
  }
  const cache = readCache(() => started.payload, limitReadConcurrency(handle))
  app.use(cache.middleware)

  // Stored answers go out before express; everything else, and everything while starting or
  // stopping, goes through it.
  const server = createServer((req, res) => {
    if (readiness.isReady() && shutdown.track(res)) cache.serveStored(req, res, () => app(req, res))
    else app(req, res)
  })
  server.listen(port, host)
  await once(server, 'listening')
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const listeningUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`
  console.log(`Broadside listening on ${listeningUrl} (${dev ? 'development' : 'production'})`)
  // Links in emails start with PUBLIC_URL; unset, they point here (right for a local try-out only).
  process.env.PUBLIC_URL ||= listeningUrl

  shutdown.install(server, {
    close: async () => {
      if (started.payload) await closeDatabase(started.payload)
    },
    onStopping: readiness.markStopping,
  })
  stopWhenOrphaned()

  // Only the server runs the Jobs Queue (scheduled publishing); scripts and the CLI do not.
  const payload = (started.payload = await getPayload({ config, cron: true }))
  await bootstrapFirstAdmin(payload)
  // First start on an empty database: a demo site, so a new user sees real pages.
  if (process.env.SEED_DEMO?.toLowerCase() !== 'false') {
    const { describeDemoSeed, seedDemoIfEmpty } = await import('./demo/seedDemo')
    const seeded = await seedDemoIfEmpty(payload)
    if (seeded) console.log(describeDemoSeed(seeded))
  }
  const nextApp = next({ dev, dir: process.cwd(), hostname: host, port: actualPort, turbopack: dev })
  await nextApp.prepare()
  started.handle = nextApp.getRequestHandler()
  if (dev) {
    const upgrade = nextApp.getUpgradeHandler()
    server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head))
  }
  readiness.markReady(payload)
  console.log('Broadside ready')
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true
  if (value === 'false') return false
  return /^\d+$/.test(value) ? Number(value) : value
}

main().catch((error: unknown) => {
  console.error(`Broadside could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
