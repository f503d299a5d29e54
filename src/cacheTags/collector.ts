/**
 * Gathers the cache tags of one answer while Payload builds it: the route wrapper opens a
 * collector for the request, the plugin's read hooks (./index) note into it whatever they
 * read — keyed by the request itself, which Payload turns into the `req` every hook of that
 * answer gets (createPayloadRequest assigns onto the Request it is handed), so concurrent
 * requests never mix — and the wrapper writes the headers on the way out.
 *
 * Keyed by the request, not by an AsyncLocalStorage: once one is in use, Node 20 runs a hook
 * on every promise created anywhere in the process, and a GraphQL read creates thousands (a
 * CPU profile of uncached reads put that near 5% of the server's time).
 */
import { cacheTagHeaders } from './headers'

// Next's production build can hold several copies of this module (the route files and the
// config bundled apart): the collectors live on globalThis so the wrapper and the hooks share them.
const STORE_KEY = Symbol.for('broadside.cacheTagCollectors')
type Global = typeof globalThis & { [STORE_KEY]?: WeakMap<object, Set<string>> }

const collectors = (): WeakMap<object, Set<string>> => ((globalThis as Global)[STORE_KEY] ??= new WeakMap())

/** Notes tags into the collector of `req`'s answer; for a request no route opened one for, it does nothing. */
export function noteCacheTags(req: object | undefined, ...tags: (string | undefined)[]): void {
  const collected = req ? collectors().get(req) : undefined
  if (collected) for (const tag of tags) if (tag) collected.add(tag)
}

/** Whether `req`'s answer is being tagged (reads outside a tagged route — jobs, scripts, writes — skip their work). */
export const collectingCacheTags = (req: object | undefined): boolean => req !== undefined && collectors().has(req)

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response>

/**
 * Wraps a route handler: its answer carries `Surrogate-Key` and `Cache-Tag` naming what it
 * holds. An answer that already names its tags (replayed from a cache) is left as it is.
 */
export function withCacheTags<A extends unknown[]>(handler: Handler<A>): Handler<A> {
  return async (request, ...rest) => {
    const collected = new Set<string>()
    collectors().set(request, collected)
    let response: Response
    try {
      response = await handler(request, ...rest)
    } finally {
      collectors().delete(request)
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
