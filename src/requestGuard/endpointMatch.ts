/**
 * Which Payload endpoint a REST path reaches and with which route parameters — found the way
 * Payload finds it (first endpoint of the collection, global or root list whose method and path
 * match), so the guard checks the same `:id` Payload's handler will use.
 */
import type { Endpoint, Payload, SanitizedCollectionConfig, SanitizedGlobalConfig } from 'payload'

import { collectionNamed } from './documentIds'

export type MatchedEndpoint = {
  collection?: SanitizedCollectionConfig
  endpoint?: Endpoint
  global?: SanitizedGlobalConfig
  params: Record<string, string>
}

/** `segments`: the decoded path after `/api`, e.g. ['articles', '12', 'duplicate']. */
export function matchEndpoint(payload: Payload, method: string, segments: string[]): MatchedEndpoint {
  const [first, second] = segments
  let endpoints: Endpoint[] | false | undefined = payload.config.endpoints
  let rest = segments
  let collection: SanitizedCollectionConfig | undefined
  let global: SanitizedGlobalConfig | undefined
  if (first === 'globals' && second) {
    global = payload.config.globals.find((each) => each.slug === second)
    if (global) [endpoints, rest] = [global.endpoints, segments.slice(2)]
  } else if (first && collectionNamed(payload, first)) {
    collection = collectionNamed(payload, first)!.config
    ;[endpoints, rest] = [collection.endpoints, segments.slice(1)]
  }
  for (const endpoint of endpoints || []) {
    if (endpoint.method !== method.toLowerCase()) continue
    const params = matchPath(endpoint.path, rest)
    if (params) return { collection, endpoint, global, params }
  }
  return { collection, global, params: {} }
}

/** Literal segments and `:name` / trailing `:name?` parameters: the forms Payload's and our endpoint paths use. */
function matchPath(pattern: string, segments: string[]): null | Record<string, string> {
  const parts = pattern.split('/').filter(Boolean)
  const params: Record<string, string> = {}
  for (const [index, part] of parts.entries()) {
    const segment = segments[index]
    const optional = part.endsWith('?') && index === parts.length - 1
    if (part.startsWith(':')) {
      if (segment === undefined) return optional ? params : null
      params[part.slice(1).replace(/\?$/, '')] = segment
    } else if (part !== segment) return null
  }
  return segments.length === parts.length ? params : null
}
