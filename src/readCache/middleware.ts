/**
 * The exact read cache, in the express host in front of Next: anonymous REST reads of public
 * collections and globals (and GET endpoints registered at /api itself) and anonymous GraphQL
 * queries are answered from memory while the content generation they were computed under is
 * still the database's (./generation). Each request reads the generation once, before anything
 * else: a hit is served when it matches, a miss is computed by Payload and stored under it.
 *
 * Every anonymous answer it could cache gets a strong ETag (a matching If-None-Match gets 304)
 * and a public Cache-Control for CDNs; answers to requests with credentials get
 * `private, no-store`. `X-Cache` says HIT, MISS or BYPASS. Cacheable answers are sent
 * uncompressed, so one stored copy fits every client.
 *
 * Stored answers are also served before express (`serveStored`): a hit costs a classification,
 * a lookup and one shared read of the generation, and express's router and the host's middleware
 * around it cost several times that (a CPU profile of a flood of 304s: under 5,000 answers a
 * second through express, where node alone answers 30,000). An answer replays the headers the
 * host's middleware gave it when it was computed, so both ways send the same bytes.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Payload } from 'payload'

import { LRUCache } from 'lru-cache'
import { createHash } from 'node:crypto'
import { IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'

import type { ReadCacheScope } from './index'

import { READ_BODY } from '../host/serveApi'
import { captureResponse } from './captureResponse'
import { sharedTokenReads, tokenReader } from './generation'
import { type Classified, classifyGraphQL, classifyRequest } from './requestKey'

export type ReadCacheSettings = {
  /** Memory for cached answers; 0 turns the cache off (HTTP caching headers stay). @default 64 */
  megabytes: number
  /** How old an answer holding a petition's signature count may be, in seconds. @default 5 */
  countSeconds: number
  /** Cache-Control s-maxage for shared caches (CDNs), in seconds. @default 60 */
  sMaxAge: number
  /** Cache-Control stale-while-revalidate, in seconds. @default 30 */
  staleWhileRevalidate: number
}

export function readCacheSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadCacheSettings {
  const number = (name: string, fallback: number) => {
    const value = env[name]
    if (value === undefined || value.trim() === '') return fallback
    const parsed = Number(value)
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a number of at least 0; got "${value}".`)
    return parsed
  }
  return {
    countSeconds: number('READ_CACHE_COUNT_S', 5),
    megabytes: number('READ_CACHE_MB', 64),
    sMaxAge: Math.floor(number('READ_CACHE_S_MAXAGE', 60)),
    staleWhileRevalidate: Math.floor(number('READ_CACHE_SWR', 30)),
  }
}

type Entry = {
  body: Buffer
  etag: string
  /** Epoch ms after which the entry is no longer served (answers holding signature counts). */
  expiresAt: number
  /** The 200's headers, ready for writeHead: the host's, the answer's own, then the cache's. */
  hitHeaders: OutgoingHttpHeader[]
  /** A 304 carries only what a cache updates its stored copy with (RFC 9110, 15.4.5). */
  notModifiedHeaders: OutgoingHttpHeader[]
  token: string
}

/** What `readCache` gives the host. */
export type ReadCache = {
  /** In the express app, in front of the API handlers: answers, or computes and stores. */
  middleware: RequestHandler
  /**
   * On node's request, before express: answers an anonymous GET or HEAD whose stored answer is
   * current; calls `otherwise` for everything else (including misses, which the middleware then
   * computes). Only for a server that is ready and not stopping.
   */
  serveStored: (req: IncomingMessage, res: ServerResponse, otherwise: () => void) => void
}

/** Headers the host or node set for every response; a replayed answer gets fresh ones. */
const HOST_HEADERS = new Set(['cache-control', 'connection', 'content-length', 'date', 'etag', 'keep-alive', 'transfer-encoding', 'vary', 'x-cache'])

const GRAPHQL_PATH = '/api/graphql'
const MAX_GRAPHQL_BODY_BYTES = 64 * 1024

type Handle = (req: Request, res: Response) => unknown

/**
 * `payload`: the instance once started; `handle`: Next's request handler, which computes what the
 * cache does not answer.
 */
export function readCache(payload: () => Payload | undefined, handle: Handle, settings: ReadCacheSettings = readCacheSettingsFromEnv()): ReadCache {
  const entries =
    settings.megabytes > 0
      ? new LRUCache<string, Entry>({ maxSize: Math.floor(settings.megabytes * 1024 * 1024), sizeCalculation: (entry, key) => entry.body.length + key.length + 512 })
      : undefined
  const publicCacheControl = `public, max-age=0, s-maxage=${settings.sMaxAge}, stale-while-revalidate=${settings.staleWhileRevalidate}`
  let context: ({ currentToken: () => Promise<string> } & Parameters<typeof classifyRequest>[1]) | null | undefined

  const contextFor = (instance: Payload) => {
    if (context !== undefined) return context
    const scope = instance.config.custom?.readCache as ReadCacheScope | undefined
    // Requests count as anonymous only when credentials come by header or cookie alone.
    const customAuth = instance.config.collections.some((collection) => collection.auth?.strategies?.length) || Boolean(instance.config.admin.autoLogin)
    context =
      scope && !customAuth
        ? {
            ...scope,
            cookiePrefix: instance.config.cookiePrefix ?? 'payload',
            currentToken: sharedTokenReads(tokenReader(instance)),
          }
        : null
    return context
  }

  /**
   * Answers being computed, by key: requests under the same generation wait for that answer
   * instead of computing it again (an expired petition list would otherwise be computed by
   * every request arriving meanwhile).
   */
  const computing = new Map<string, { settled: Promise<Entry | undefined>; token: string }>()

  const middleware: RequestHandler = (req: Request, res: Response, fail: NextFunction) => {
    const next = (request: Request = req) => void handle(request, res)
    if (!req.url.startsWith('/api/')) return next()
    const instance = payload()
    const ctx = instance && contextFor(instance)
    if (!ctx) return next()
    const isGraphQL = req.method === 'POST' && req.path === GRAPHQL_PATH
    if (req.method !== 'GET' && req.method !== 'HEAD' && !isGraphQL) {
      return bypass(req, res, next, classifyRequest(req, ctx))
    }
    const classified = classifyRequest(isGraphQL ? { headers: req.headers, method: req.method, url: GRAPHQL_PATH } : req, ctx)
    if (!isGraphQL) return serve(req, res, next, classified)
    if (!classified.cacheable && classified.credentials) return bypass(req, res, next, classified)
    // Payload's GraphQL resolvers also read the URL's query (`?draft=true`, `?locale=`), which
    // the key does not hold; frontends send none, so such requests go to Payload uncached.
    if (req.url !== GRAPHQL_PATH) return bypass(req, res, next, { cacheable: false, credentials: false, reason: 'query string' })
    const length = Number(req.headers['content-length'] ?? Infinity)
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '') || !(length <= MAX_GRAPHQL_BODY_BYTES)) return bypass(req, res, next, classified)
    readBody(req).then(
      (body) => {
        // The API route reads the body again from a copy of the request, made only when Payload answers.
        const forward = (request: Request = req) => void handle(replayable(request, body), res)
        serve(req, res, forward, classifyGraphQLSafely(body.toString('utf8')))
      },
      (error: unknown) => fail(error),
    )
  }

  const serveStored: ReadCache['serveStored'] = (req, res, otherwise) => {
    if (!entries || (req.method !== 'GET' && req.method !== 'HEAD') || !req.url?.startsWith('/api/') || hasBody(req)) return otherwise()
    const instance = payload()
    const ctx = instance && contextFor(instance)
    if (!ctx) return otherwise()
    let classified: Classified
    try {
      classified = classifyRequest({ headers: req.headers, method: req.method, url: req.url }, ctx)
    } catch {
      // Nothing here answers errors: the express app does, as it would for any request.
      return otherwise()
    }
    if (!classified.cacheable) return otherwise()
    const stored = entries.peek(classified.key)
    // Nothing stored that could still be current: the middleware computes it, reading the
    // generation itself, so a miss costs no extra read here.
    if (!stored || stored.expiresAt <= Date.now()) return otherwise()
    ctx.currentToken().then(
      (token) => {
        const entry = entries.get(classified.key)
        if (entry && entry.token === token && entry.expiresAt > Date.now()) writeStored(req, res, entry)
        else otherwise()
      },
      () => otherwise(),
    )
  }

  return { middleware, serveStored }

  function bypass(req: Request, res: Response, next: (request: Request) => void, classified: Classified) {
    if (!classified.cacheable && classified.credentials) {
      onHeaders(res, () => {
        res.setHeader('cache-control', 'private, no-store')
        res.setHeader('x-cache', 'BYPASS')
      })
    } else {
      res.setHeader('x-cache', 'BYPASS')
      // What the cache passes over (drafts asked for, signer lists, /me) is not for shared caches
      // either, unless the answer says otherwise. Upload files are public and left to the CDN.
      if (!/\/file\//.test(req.path)) {
        onHeaders(res, () => {
          if (!res.getHeader('cache-control')) res.setHeader('cache-control', 'no-store')
        })
      }
    }
    next(req)
  }

  function serve(req: Request, res: Response, next: (request: Request) => void, classified: Classified) {
    if (!classified.cacheable) return bypass(req, res, next, classified)
    // Off: no generation to read; the answer still gets its ETag and Cache-Control.
    if (!entries) return fill(req, res, next, classified, '')
    context!.currentToken().then(
      (token) => {
        const cached = entries.get(classified.key)
        if (cached && cached.token === token && cached.expiresAt > Date.now()) return sendCached(req, res, cached)
        const pending = computing.get(classified.key)
        if (pending?.token !== token) return fill(req, res, next, classified, token)
        void pending.settled.then((entry) => (entry ? sendCached(req, res, entry) : fill(req, res, next, classified, token)))
      },
      // Without the generation nothing can be vouched for: Payload answers, uncached.
      () => bypass(req, res, next, { cacheable: false, credentials: false, reason: 'generation unreadable' }),
    ).catch((error: unknown) => {
      console.error('Read cache:', error)
      if (!res.headersSent) res.status(500).json({ errors: [{ message: 'The read cache failed on this request.' }] })
    })
  }

  function fill(req: Request, res: Response, next: (request: Request) => void, classified: Extract<Classified, { cacheable: true }>, token: string) {
    let settle: (entry: Entry | undefined) => void = () => undefined
    if (entries) {
      const settled = new Promise<Entry | undefined>((resolve) => (settle = resolve))
      const pending = { settled, token }
      computing.set(classified.key, pending)
      void settled.then(() => {
        if (computing.get(classified.key) === pending) computing.delete(classified.key)
      })
      res.once('close', () => settle(undefined))
    }
    const hostHeaders = res.getHeaders()
    res.setHeader('x-cache', entries ? 'MISS' : 'BYPASS')
    captureResponse(
      res,
      ({ body, headers }) => {
        const isGraphQLAnswer = classified.key.startsWith('GRAPHQL ')
        // GraphQL reports access and validation problems in a 200; those stay uncached.
        // So does an answer granted to the request's Origin (CORS) is that client's; replayed it would grant
        // or withhold for the next one. The routes the host opens to other origins are never cached.
        if ((isGraphQLAnswer && hasGraphQLErrors(body)) || res.hasHeader('access-control-allow-origin')) {
          res.setHeader('x-cache', 'BYPASS')
          settle(undefined)
          return { sendBody: true }
        }
        const etag = `"${createHash('sha1').update(body).digest('base64url')}"`
        setPublicHeaders(res, etag)
        if (entries) {
          const holdsCount = classified.holdsCount || classified.collection === 'petitions' || body.includes('"signatureCount"')
          const cacheHeaders = { 'cache-control': publicCacheControl, etag, vary: VARY, 'x-cache': 'HIT' }
          const entry: Entry = {
            body,
            etag,
            expiresAt: holdsCount ? Date.now() + settings.countSeconds * 1000 : Infinity,
            hitHeaders: flatHeaders({ ...hostHeaders, ...answerHeaders(headers, hostHeaders), ...cacheHeaders, 'content-length': body.length }),
            notModifiedHeaders: flatHeaders(cacheHeaders),
            token,
          }
          entries.set(classified.key, entry)
          settle(entry)
        }
        return { sendBody: !matches(req.headers['if-none-match'], etag) }
      },
      () => {
        res.setHeader('x-cache', 'BYPASS')
        settle(undefined)
      },
    )
    // HEAD shares GET's entry, so Payload computes the GET answer (node leaves the body out).
    if (req.method === 'HEAD') req.method = 'GET'
    // Stored answers are plain (one copy serves every client); a proxy in front may compress them.
    delete req.headers['accept-encoding']
    next(req)
  }

  /**
   * In the express app, the host's middleware has set its headers already; the entry holds them
   * too. `Connection: close`, set by a shutdown under way, stays.
   */
  function sendCached(req: Request, res: Response, entry: Entry) {
    for (const name of res.getHeaderNames()) if (name !== 'connection') res.removeHeader(name)
    writeStored(req, res, entry)
  }

  function setPublicHeaders(res: Response, etag: string) {
    res.setHeader('etag', etag)
    res.setHeader('cache-control', publicCacheControl)
    res.setHeader('vary', VARY)
  }
}

const VARY = 'Authorization, Cookie'

function writeStored(req: IncomingMessage, res: ServerResponse, entry: Entry) {
  if (matches(req.headers['if-none-match'], entry.etag)) {
    res.writeHead(304, entry.notModifiedHeaders)
    res.end()
  } else {
    res.writeHead(200, entry.hitHeaders)
    res.end(entry.body)
  }
}

/** The answer's own headers: what Payload set, less what the host and node set on every response. */
function answerHeaders(headers: OutgoingHttpHeaders, hostHeaders: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !(name in hostHeaders) && !HOST_HEADERS.has(name)))
}

/** writeHead's flat form (name, value, name, value…), a name repeated for each of several values. */
function flatHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeader[] {
  const flat: OutgoingHttpHeader[] = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) flat.push(name, one)
  }
  return flat
}

/** A GET with a body is left to the host, which limits and reads bodies. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** Weak comparison, as If-None-Match asks for. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

const DATA_FIRST = Buffer.from('{"data":')
const ERRORS_KEY = Buffer.from('"errors":')

function hasGraphQLErrors(body: Buffer): boolean {
  // graphql-js puts `errors` before `data`, and in JSON text an unescaped `"errors":` can only be
  // a key: an answer that starts with data and holds no such key has none, without parsing it.
  if (body.subarray(0, DATA_FIRST.length).equals(DATA_FIRST) && !body.includes(ERRORS_KEY)) return false
  try {
    return 'errors' in (JSON.parse(body.toString('utf8')) as object)
  } catch {
    return true
  }
}

/** Runs `apply` just before the status line and headers go out, whoever sends them. */
function onHeaders(res: Response, apply: () => void) {
  const writeHead = res.writeHead
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    apply()
    return writeHead.apply(this, args)
  } as Response['writeHead']
}

async function readBody(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * The request again with its body unread, for Next: express has consumed the original stream
 * to read the GraphQL document.
 */
function replayable(req: Request, body: Buffer): Request {
  const copy = new IncomingMessage(req.socket) as Request
  copy.method = req.method
  copy.url = req.url
  copy.headers = req.headers
  copy.rawHeaders = req.rawHeaders
  copy.httpVersion = req.httpVersion
  copy.httpVersionMajor = req.httpVersionMajor
  copy.httpVersionMinor = req.httpVersionMinor
  // Marked complete, as node's parser marks a request read to its end: otherwise ending the copy
  // counts as an aborted request and closes the connection.
  copy.complete = true
  // The host's own API route reads it from here instead of the stream (src/host/serveApi.ts).
  ;(copy as Request & { [READ_BODY]?: Buffer })[READ_BODY] = body
  copy.push(body)
  copy.push(null)
  return copy
}

/** A body the key cannot be made of goes to the GraphQL route uncached, which answers it (a 400). */
function classifyGraphQLSafely(body: string): Classified {
  try {
    return classifyGraphQL(body)
  } catch {
    return { cacheable: false, credentials: false, reason: 'unreadable' }
  }
}
