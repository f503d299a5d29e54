/**
 * CORS for the endpoints a static site on another origin calls from the browser — signing a
 * petition and listing its signers — from the origins in CORS_ORIGINS (comma-separated, e.g.
 * `https://www.example.org,https://example.org`). Other origins get no CORS headers, so
 * browsers keep them out; the rest of the API is not opened by this.
 */
import type { RequestHandler } from 'express'

import cors from 'cors'
import { Router } from 'express'

export const PUBLIC_CROSS_ORIGIN_PATHS = ['/api/petitions/:id/sign', '/api/petitions/:id/signers']

export function allowedOrigins(value = process.env.CORS_ORIGINS ?? ''): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean)
}

export function publicCors(origins = allowedOrigins()): RequestHandler {
  const router = Router()
  const handler = cors({ allowedHeaders: ['Content-Type'], maxAge: 600, methods: ['GET', 'POST'], origin: origins })
  for (const path of PUBLIC_CROSS_ORIGIN_PATHS) {
    // Preflights end here: Next never sees them.
    router.options(path, handler)
    router.use(path, handler)
  }
  return router
}
