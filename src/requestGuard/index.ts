/**
 * The request guard: every REST request passes here before Payload sees it, and a
 * request whose shape Payload would choke on gets a 4xx naming the parameter or field instead
 * of a 500 (or, for some, instead of quietly doing the wrong thing):
 * - bodies: JSON objects only (as `application/json` in any letter case, or multipart with a
 *   JSON-object `_payload`), nested at most MAX_JSON_DEPTH levels (./body);
 * - document ids in the path, on Payload's routes and ours alike (./documentIds);
 * - `limit`, `page`, `depth`, `joins`, `select`, `populate` and `where` in the query string
 *   (./queryParams);
 * - for a request no auth strategy signs in, the size of what it reads: page, join page and
 *   population depth (./publicReads).
 * It judges only the request's form. Field values inside a well-formed body are the fields'
 * own validation's business, and errors Payload raises while running stay what they are.
 * GraphQL requests have their own guard (src/graphql/guardRequest.ts), which shares the
 * nesting limit.
 */
import type { Payload, SanitizedConfig } from 'payload'

import { getPayload } from 'payload'
import * as qs from 'qs-esm'

import { checkBody, readJsonObject } from './body'
import { idProblem } from './documentIds'
import { type MatchedEndpoint, matchEndpoint } from './endpointMatch'
import { type PublicReadLimits, isSignedIn, publicReadLimitsFromEnv, publicReadProblem } from './publicReads'
import { queryProblem } from './queryParams'
import { quote, refuse } from './refuse'

type Config = Promise<SanitizedConfig> | SanitizedConfig
type RestHandler = (request: Request, args: { params: Promise<{ slug?: string[] }> }) => Promise<Response>

/** Wraps one of Payload's REST route handlers (`src/app/(payload)/api/[...slug]/route.ts`). */
export function guardRest(config: Config, handler: RestHandler, publicLimits: PublicReadLimits = publicReadLimitsFromEnv()): RestHandler {
  return async (request, args) => {
    const payload = await getPayload({ config, cron: true })
    const { slug = [] } = await args.params
    const checked = await checkRestRequest(payload, request, slug, publicLimits)
    return checked instanceof Response ? checked : handler(checked, args)
  }
}

const QUERY_OPTIONS = { allowEmptyArrays: true, arrayLimit: 1000, depth: 10, ignoreQueryPrefix: true } as const

/**
 * `segments`: the decoded path after `/api`, as Next hands it over. Answers the request Payload
 * should get (the same, or with a Content-Type it reads), or the refusal.
 */
export async function checkRestRequest(payload: Payload, request: Request, segments: string[], publicLimits: PublicReadLimits): Promise<Request | Response> {
  // Payload reads a POST as a GET when either override header says GET; judging only the first one let a request pass unchecked.
  const overrides = [request.headers.get('x-payload-http-method-override'), request.headers.get('x-http-method-override')]
  const readsWithBody = request.method === 'POST' && overrides.includes('GET')
  const method = readsWithBody ? 'GET' : request.method
  const target = matchTarget(payload, method, segments)
  if (target instanceof Response) return target
  const { collection, endpoint, global, versionRoute } = target

  let query = qs.parse(new URL(request.url).search, QUERY_OPTIONS) as Record<string, unknown>
  if (readsWithBody) {
    // The admin sends long queries this way: as a form body, or as JSON Payload reads as data.
    const type = (request.headers.get('content-type') ?? '').toLowerCase()
    const text = await request.clone().text()
    if (type.startsWith('application/x-www-form-urlencoded')) query = { ...query, ...qs.parse(text, QUERY_OPTIONS) }
    else if (text.trim()) {
      const read = readJsonObject(text, 'body')
      if (!read.ok) return refuse(read.problem)
    }
  }
  const problem = queryProblem(payload, query, { collection, global, versions: versionRoute })
  if (problem) return refuse(problem)
  // Only a request that asks for more than the public limits pays for finding out who sent it.
  const publicProblem = publicReadProblem(query, publicLimits)
  if (publicProblem && !(await isSignedIn(payload, request))) return refuse(publicProblem)

  if (readsWithBody || !['PATCH', 'POST', 'PUT'].includes(method)) return request
  const writesDocument = endpoint !== undefined && (endpoint.path === '/' || (endpoint.path === '/:id' && Boolean(collection)))
  const body = await checkBody(request, { required: writesDocument })
  return body.ok ? body.request : refuse(body.problem, body.status)
}

type Target = MatchedEndpoint & { versionRoute: boolean }

/** The endpoint a path reaches, or the refusal of a path whose id or version route cannot exist. */
function matchTarget(payload: Payload, method: string, segments: string[]): Response | Target {
  const matched = matchEndpoint(payload, method, segments)
  const { collection, endpoint, global, params } = matched
  const versionRoute = endpoint?.path.startsWith('/versions') ?? false
  // Payload declares the version routes on every collection and global, and they fail (500) on one that keeps none.
  const owner = collection ?? global
  if (versionRoute && owner && !owner.versions) return refuse({ message: `${owner.slug} keeps no versions.`, path: 'versions' }, 404)
  if ('id' in params && !endpoint?.path.startsWith('/verify/')) {
    const problem = idProblem(payload, versionRoute ? undefined : collection?.slug, params.id!)
    if (problem) return refuse(problem)
  }
  return { ...matched, versionRoute }
}

export type HostRequestCheck = { body: Record<string, unknown> | undefined; ok: true } | { ok: false; refusal: Response }

/**
 * The guard for the routes the host serves itself (src/host/hostRoutes): the same checks of
 * path and query as above, and a body that is one JSON object sent as `application/json`, or
 * none. Nothing else is read: a form-encoded, plain-text or multipart body is what a page on
 * any site can post across origins without a CORS preflight, and these routes are public.
 */
export function checkHostRequest(
  payload: Payload,
  request: { body: Buffer; contentType: string | undefined; method: string; search: string; segments: string[] },
): HostRequestCheck {
  const target = matchTarget(payload, request.method, request.segments)
  if (target instanceof Response) return { ok: false, refusal: target }
  const query = qs.parse(request.search, QUERY_OPTIONS) as Record<string, unknown>
  const problem = queryProblem(payload, query, { collection: target.collection, global: target.global, versions: target.versionRoute })
  if (problem) return { ok: false, refusal: refuse(problem) }
  const text = request.body.toString('utf8')
  if (!text.trim()) return { body: undefined, ok: true }
  const type = (request.contentType ?? '').split(';', 1)[0]!.trim().toLowerCase()
  if (type !== 'application/json') {
    const sent = request.contentType ? quote(request.contentType) : '(none)'
    return { ok: false, refusal: refuse({ message: `${sent} is not accepted; send a JSON object as application/json.`, path: 'Content-Type' }, 415) }
  }
  const read = readJsonObject(text, 'body')
  return read.ok ? { body: read.value, ok: true } : { ok: false, refusal: refuse(read.problem) }
}
