/**
 * Gathers the cache tags of one answer while Payload builds it: the route wrapper opens a
 * collector for the request, the plugin's read hooks (./index) note into it whatever they
 * read — in this request's async context only, so concurrent requests never mix — and the
 * wrapper writes the headers on the way out.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

import { cacheTagHeaders } from './headers'

// Next's production build can hold several copies of this module (the route files and the
// config bundled apart): the store lives on globalThis so the wrapper and the hooks share one.
const STORE_KEY = Symbol.for('broadside.cacheTags')
type Global = typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<Set<string>> }

function store(): AsyncLocalStorage<Set<string>> {
  return ((globalThis as Global)[STORE_KEY] ??= new AsyncLocalStorage<Set<string>>())
}

/** Notes tags into the current request's collector; outside a tagged request it does nothing. */
export function noteCacheTags(...tags: (string | undefined)[]): void {
  const collected = store().getStore()
  if (collected) for (const tag of tags) if (tag) collected.add(tag)
}

/** Whether a collector is open (reads outside a request — jobs, scripts — skip their work). */
export const collectingCacheTags = () => store().getStore() !== undefined

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response>

/**
 * Wraps a route handler: its answer carries `Surrogate-Key` and `Cache-Tag` naming what it
 * holds. An answer that already names its tags (replayed from a cache) is left as it is.
 */
export function withCacheTags<A extends unknown[]>(handler: Handler<A>): Handler<A> {
  return (request, ...rest) => {
    const collected = new Set<string>()
    return store().run(collected, async () => {
      const response = await handler(request, ...rest)
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
    })
  }
}
