/**
 * Payload's REST and GraphQL route handlers as Broadside serves them, in one place: the request
 * guards in front, cache tags on the way out. The Next route files under `src/app/(payload)/api`
 * export these, and in production the express host calls them directly (src/host/serveApi.ts).
 */
import type { SanitizedConfig } from 'payload'

import { REST_DELETE, REST_GET, REST_OPTIONS, REST_PATCH, REST_POST, REST_PUT } from '@payloadcms/next/routes'

import { withCacheTags } from '../cacheTags/collector'
import { graphQLPost } from '../graphql/graphQLPost'
import { guardGraphQLRequest } from '../graphql/guardRequest'
import { graphQLLimitsFromEnv } from '../graphql/index'
import { guardRest } from '../requestGuard'

type Config = Promise<SanitizedConfig> | SanitizedConfig
export type RouteArgs = { params: Promise<{ slug?: string[] }> }
export type RouteHandler = (request: Request, args: RouteArgs) => Promise<Response>
export type RouteMethod = 'DELETE' | 'GET' | 'OPTIONS' | 'PATCH' | 'POST' | 'PUT'
export type Routes = Partial<Record<RouteMethod, RouteHandler>>

/** `/api/<slug…>`: collections, globals and every endpoint. */
export function restRoutes(config: Config) {
  return {
    // Reads (HEAD runs GET) name what they hold for CDN purges.
    GET: withCacheTags(guardRest(config, REST_GET(config))),
    POST: guardRest(config, REST_POST(config)),
    DELETE: guardRest(config, REST_DELETE(config)),
    PATCH: guardRest(config, REST_PATCH(config)),
    PUT: guardRest(config, REST_PUT(config)),
    OPTIONS: REST_OPTIONS(config),
  } satisfies Routes
}

/** `/api/graphql`: Payload's GraphQL route, remembering what parsing and validating a query text found (../graphql/graphQLPost). */
export function graphQLRoutes(config: Config) {
  return {
    POST: withCacheTags(guardGraphQLRequest(graphQLPost(config), graphQLLimitsFromEnv())),
    OPTIONS: REST_OPTIONS(config),
  } satisfies Routes
}
