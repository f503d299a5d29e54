/**
 * Gathers the cache tags of one answer while Payload builds it: the route wrapper opens a
 * collector on the request, the plugin's read hooks (./index) note into it whatever they read,
 * and the wrapper writes the headers on the way out. The collector is a property of the request
 * itself, which Payload turns into the `req` every hook of that answer gets (createPayloadRequest
 * assigns onto the Request it is handed, and the proxies Payload wraps it in read through to
 * it), so concurrent requests never mix.
 *
 * Not an AsyncLocalStorage: once one is in use, Node 20 runs a hook on every promise created
 * anywhere in the process, and a GraphQL read creates thousands (a CPU profile of uncached
 * reads put that near 5% of the server's time).
 */
import { cacheTagHeaders } from './headers'

// Next's production build can hold several copies of this module (the route files and the
// config bundled apart): a registered symbol is the same in each.
const COLLECTOR = Symbol.for('broadside.cacheTagCollector')
type Collecting = { [COLLECTOR]?: Set<string> }

const collectorOf = (req: object | undefined): Set<string> | undefined => (req ? (req as Collecting)[COLLECTOR] : undefined)

/** Notes tags into the collector of `req`'s answer; for a request no route opened one for, it does nothing. */
export function noteCacheTags(req: object | undefined, ...tags: (string | undefined)[]): void {
  const collected = collectorOf(req)
  if (collected) for (const tag of tags) if (tag) collected.add(tag)
}

/** Whether `req`'s answer is being tagged (reads outside a tagged route — jobs, scripts, writes — skip their work). */
export const collectingCacheTags = (req: object | undefined): boolean => collectorOf(req) !== undefined

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response>

/**
 * Wraps a route handler: its answer carries `Surrogate-Key` and `Cache-Tag` naming what it
 * holds. An answer that already names its tags (replayed from a cache) is left as it is.
 */
export function withCacheTags<A extends unknown[]>(handler: Handler<A>): Handler<A> {
  return async (request, ...rest) => {
    const collected = new Set<string>()
    Object.defineProperty(request, COLLECTOR, { configurable: true, value: collected })
    let response: Response
    try {
      response = await handler(request, ...rest)
    } finally {
      delete (request as Collecting)[COLLECTOR]
    }
    if (collected.size === 0 || response.headers.has('surrogate-key')) return response
    const headers = cacheTagHeaders(collected)
    try {
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
      return response
    } catch {
      // Headers of some responses (redirects, fetched ones) are immutable: answer a copy.
      const copy = new Response(response.body, response)
      for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value)
      return copy
    }
  }
}
