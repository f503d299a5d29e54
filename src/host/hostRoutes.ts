/**
 * Serves the routes plugins contribute (src/plugins/hostRoutes) straight from express, before
 * the read cache and Next: the body is read here (bounded), the request passes the same request
 * guard as Payload's REST routes (src/requestGuard: ids, query, Content-Type, JSON shape and
 * depth, multipart `_payload`), the handler gets the Payload instance, and errors come out in
 * Payload's REST shape (`{ errors: [{ name, message, data }] }`).
 */
import type { Request, Response, Router as ExpressRouter } from 'express'
import type { Payload, SanitizedConfig } from 'payload'

import { Router } from 'express'

import { type HostRoute, hostRoutes } from '../plugins/hostRoutes'
import { DEFAULT_JSON_BODY_LIMIT_BYTES } from './bodyLimit'
import { checkRestRequest } from '../requestGuard/index'
import { publicReadLimitsFromEnv } from '../requestGuard/publicReads'

/** As for every JSON body the host lets through (./bodyLimit), so the request guard sees what it would. */
const DEFAULT_MAX_BODY_BYTES = DEFAULT_JSON_BODY_LIMIT_BYTES

export function mountHostRoutes(config: SanitizedConfig, payload: () => Payload | undefined): ExpressRouter {
  const router = Router()
  const apiRoot = config.routes?.api ?? '/api'
  const publicLimits = publicReadLimitsFromEnv()
  for (const route of hostRoutes(config)) {
    router[route.method](`${apiRoot}${route.path}`, (req, res) => void serve(route, req, res, payload()!, { apiRoot, publicLimits }))
  }
  return router
}

type Guard = { apiRoot: string; publicLimits: ReturnType<typeof publicReadLimitsFromEnv> }

async function serve(route: HostRoute, req: Request, res: Response, payload: Payload, guard: Guard): Promise<void> {
  try {
    const raw = await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
    if (raw === undefined) {
      // The rest of the body stays unread: this connection cannot carry another request.
      res.status(413).set('Connection', 'close').json({ errors: [{ message: `The body may be at most ${route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes.` }] })
      return
    }
    const request = new globalThis.Request(`http://host${req.originalUrl}`, { body: raw.length > 0 ? new Uint8Array(raw) : undefined, headers: webHeaders(req), method: req.method })
    const segments = req.path.slice(guard.apiRoot.length).split('/').filter(Boolean).map(decodeURIComponent)
    const checked = await checkRestRequest(payload, request, segments, guard.publicLimits)
    if (checked instanceof globalThis.Response) {
      res.status(checked.status).set(Object.fromEntries(checked.headers)).send(Buffer.from(await checked.arrayBuffer()))
      return
    }
    const answer = await route.handle({ body: await bodyOf(checked), clientAddress: req.ip ?? req.socket.remoteAddress ?? '', params: req.params as Record<string, string>, payload })
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

function webHeaders(req: Request): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return headers
}

/** The JSON the guard let through: the body itself, or a multipart form's `_payload`. */
async function bodyOf(request: globalThis.Request): Promise<unknown> {
  let text: string
  if (/^multipart\//i.test(request.headers.get('content-type') ?? '')) {
    const field = (await request.formData()).get('_payload')
    text = typeof field === 'string' ? field : ''
  } else {
    text = await request.text()
  }
  if (!text.trim()) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
