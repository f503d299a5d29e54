/**
 * Serves the routes plugins contribute (src/plugins/hostRoutes) straight from express, before
 * the read cache and Next: the body is read here (bounded), the request passes the request
 * guard's checks of ids, query and JSON (src/requestGuard: checkHostRequest; JSON bodies only),
 * the handler gets the Payload instance, and errors come out in Payload's REST shape
 * (`{ errors: [{ name, message, data }] }`). No Web Request is built: on a hot path (a signing
 * flood) building and cloning one cost a tenth of the server's CPU (profiled).
 */
import type { Request, Response, Router as ExpressRouter } from 'express'
import type { Payload, SanitizedConfig } from 'payload'

import { Router } from 'express'

import { type HostRoute, hostRoutes } from '../plugins/hostRoutes'
import { DEFAULT_JSON_BODY_LIMIT_BYTES } from './bodyLimit'
import { checkHostRequest } from '../requestGuard/index'

/** As for every JSON body the host lets through (./bodyLimit), so the request guard sees what it would. */
const DEFAULT_MAX_BODY_BYTES = DEFAULT_JSON_BODY_LIMIT_BYTES

export function mountHostRoutes(config: SanitizedConfig, payload: () => Payload | undefined): ExpressRouter {
  const router = Router()
  const apiRoot = config.routes?.api ?? '/api'
  for (const route of hostRoutes(config)) {
    router[route.method](`${apiRoot}${route.path}`, (req, res) => void serve(route, req, res, payload()!, { apiRoot }))
  }
  return router
}

type Guard = { apiRoot: string }

async function serve(route: HostRoute, req: Request, res: Response, payload: Payload, guard: Guard): Promise<void> {
  try {
    const raw = await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
    if (raw === undefined) {
      // The rest of the body stays unread: this connection cannot carry another request.
      res.status(413).set('Connection', 'close').json({ errors: [{ message: `The body may be at most ${route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes.` }] })
      return
    }
    const queryAt = req.originalUrl.indexOf('?')
    const checked = checkHostRequest(payload, {
      body: raw,
      contentType: req.headers['content-type'],
      method: req.method,
      search: queryAt < 0 ? '' : req.originalUrl.slice(queryAt + 1),
      segments: req.path.slice(guard.apiRoot.length).split('/').filter(Boolean).map(decodeURIComponent),
    })
    if (!checked.ok) {
      res.status(checked.refusal.status).set(Object.fromEntries(checked.refusal.headers)).send(Buffer.from(await checked.refusal.arrayBuffer()))
      return
    }
    const answer = await route.handle({ body: checked.body, clientAddress: req.ip ?? req.socket.remoteAddress ?? '', params: req.params as Record<string, string>, payload })
    res.status(answer.status).set({ 'Cache-Control': 'no-store', ...answer.headers }).json(answer.body)
  } catch (error) {
    const { data, isPublic, message, name, status } = error as { data?: unknown; isPublic?: boolean; message?: string; name?: string; status?: number }
    const known = typeof status === 'number' && status >= 400 && status < 500
    if (!known && !isPublic) console.error(`${req.method} ${req.path}:`, error)
    if (res.headersSent) return void res.end()
    res
      .status(typeof status === 'number' ? status : 500)
      .set('Cache-Control', 'no-store')
      .json({ errors: [known || isPublic ? { name, message, ...(data === undefined ? {} : { data }) } : { message: 'Something went wrong.' }] })
  }
}

/** The body, or undefined when it is larger than `limit`. */
async function readBody(req: Request, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
