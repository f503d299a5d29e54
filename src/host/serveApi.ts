/**
 * Serves `/api` (REST and GraphQL) from the same route handlers Next would run
 * (src/api/handlers.ts), without Next in between. Next's app router costs about a third of the
 * CPU of an uncached list read (routing, its request and response wrappers, its async
 * contexts), and Payload's API needs none of it. Next keeps the admin panel, and whatever this
 * does not recognise (`/api/graphql-playground`, paths with empty segments, methods no handler
 * takes) still goes to Next, which answers as it always did.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { TLSSocket } from 'node:tls'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import type { RouteHandler, RouteMethod, Routes } from '../api/handlers'

/** A request body already read by an earlier step (the read cache reads GraphQL bodies). */
export const READ_BODY = Symbol.for('broadside.readBody')
type ApiRequest = IncomingMessage & { [READ_BODY]?: Buffer }
type Fallback = (req: IncomingMessage, res: ServerResponse) => void

const GRAPHQL_PATH = '/api/graphql'
// Answers up to this size are sent in one write; larger ones (media files) are streamed.
const SEND_WHOLE_BYTES = 1024 * 1024

export function serveApi(rest: Routes, graphQL: Routes, fallback: Fallback) {
  return (req: ApiRequest, res: ServerResponse): void => {
    const route = routeFor(req, rest, graphQL)
    if (!route) return fallback(req, res)
    answer(req, res, route.handler, route.slug).catch((error: unknown) => {
      console.error(error)
      if (!res.headersSent) {
        res.statusCode = 500
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ errors: [{ message: 'Something went wrong.' }] }))
      } else res.destroy()
    })
  }
}

function routeFor(req: IncomingMessage, rest: Routes, graphQL: Routes): { handler: RouteHandler; slug: string[] } | undefined {
  const path = (req.url ?? '/').split('?', 1)[0]!
  // Next runs GET for HEAD; node leaves the body out.
  const method = (req.method === 'HEAD' ? 'GET' : req.method) as RouteMethod
  if (path === GRAPHQL_PATH) {
    const handler = graphQL[method]
    return handler && { handler, slug: [] }
  }
  if (!path.startsWith('/api/')) return undefined
  const segments = path.slice('/api/'.length).split('/')
  // Next redirects a trailing slash and has its own routes beside the catch-all.
  if (segments.some((segment) => segment === '') || segments[0] === 'graphql-playground') return undefined
  const handler = rest[method]
  // Next hands the catch-all its segments decoded (the host has refused malformed escapes already).
  return handler && { handler, slug: segments.map((segment) => decodeURIComponent(segment)) }
}

async function answer(req: ApiRequest, res: ServerResponse, handler: RouteHandler, slug: string[]): Promise<void> {
  const response = await handler(await toWebRequest(req), { params: Promise.resolve({ slug }) })
  res.statusCode = response.status
  if (response.statusText) res.statusMessage = response.statusText
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel()
    res.end()
    return
  }
  const length = Number(response.headers.get('content-length') ?? NaN)
  const json = /^application\/json\b/i.test(response.headers.get('content-type') ?? '')
  if (json || length <= SEND_WHOLE_BYTES) {
    res.end(Buffer.from(await response.arrayBuffer()))
    return
  }
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), res)
  } catch (error) {
    // A client that went away mid-download is not an error of ours.
    if (!res.destroyed) throw error
  }
}

/**
 * The node request as the Web `Request` Payload's handlers take, as Next would build it. The
 * body is read whole first (the host has bounded its size already): an answer sent while the
 * client is still sending — a refusal before Payload reads the body — would otherwise leave
 * the rest unread, and node closes such a connection under the client (ECONNRESET).
 */
async function toWebRequest(req: ApiRequest): Promise<Request> {
  const headers = new Headers()
  // `req.headers`, not the raw ones: the host adds its own (the client's address) there.
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each)
    else if (value !== undefined) headers.set(name, value)
  }
  const url = `${originOf(req)}${req.url ?? '/'}`
  // Payload matches endpoints by method and has none for HEAD: it gets the GET (the body is left out above).
  if (req.method === 'GET' || req.method === 'HEAD') return new Request(url, { headers, method: 'GET' })
  const body: Uint8Array = req[READ_BODY] ?? (await readWhole(req))
  return new Request(url, { body: body as Uint8Array<ArrayBuffer>, headers, method: req.method })
}

/**
 * The origin Payload's request gets. The Host header is the client's to write: one holding `?`,
 * `#` or `@` would move the query Payload reads away from the path and query the read cache
 * keyed the answer under (a made-up answer cached for everyone), and one URL parsing cannot
 * take would fail the request. Only a plain `host[:port]` is kept, as the URL reads it back.
 * The protocol is the connection's: forwarded headers are a proxy's business (TRUST_PROXY).
 */
function originOf(req: IncomingMessage): string {
  const protocol = (req.socket as TLSSocket).encrypted ? 'https' : 'http'
  const host = req.headers.host ?? ''
  try {
    const origin = new URL(`${protocol}://${host}`)
    const plain = origin.host === host.toLowerCase() && origin.pathname === '/' && !origin.search && !origin.hash && !origin.username && !origin.password
    if (plain) return origin.origin
  } catch {
    // Not a host at all: the fallback below.
  }
  return `${protocol}://localhost`
}

async function readWhole(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
