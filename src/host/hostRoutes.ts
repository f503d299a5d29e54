/**
 * Serves the routes plugins contribute (src/plugins/hostRoutes) straight from express, before
 * the read cache and Next: the body is read here (JSON, bounded), the handler gets the Payload
 * instance, and errors come out in Payload's REST shape (`{ errors: [{ name, message, data }] }`).
 */
import type { Request, Response, Router as ExpressRouter } from 'express'
import type { Payload, SanitizedConfig } from 'payload'

import { Router } from 'express'

import { type HostRoute, hostRoutes } from '../plugins/hostRoutes'

const DEFAULT_MAX_BODY_BYTES = 16 * 1024

export function mountHostRoutes(config: SanitizedConfig, payload: () => Payload | undefined): ExpressRouter {
  const router = Router()
  const apiRoot = config.routes?.api ?? '/api'
  for (const route of hostRoutes(config)) {
    router[route.method](`${apiRoot}${route.path}`, (req, res) => void serve(route, req, res, payload()!))
  }
  return router
}

async function serve(route: HostRoute, req: Request, res: Response, payload: Payload): Promise<void> {
  try {
    const raw = await readBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
    if (raw === undefined) {
      res.status(413).json({ errors: [{ message: `The body may be at most ${route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes.` }] })
      return
    }
    const answer = await route.handle({ body: parseJson(raw), clientAddress: req.ip ?? req.socket.remoteAddress ?? '', params: req.params as Record<string, string>, payload })
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

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch {
    return undefined
  }
}
