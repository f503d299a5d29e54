/**
 * Which requests the read cache may answer, and under what key. Requests that ask the same
 * thing get the same key: GET and HEAD share one; the path is compared decoded; query
 * parameters are read the way Payload reads them (qs) and ordered; a GraphQL body is compared
 * by its printed document, variables and operation name. Everything else — credentials,
 * drafts, locales, method overrides, paths outside the public collections and globals — is
 * passed through untouched.
 */
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse, print, type SelectionSetNode, visit } from 'graphql'
import * as qs from 'qs-esm'

import type { ReadCacheScope } from './index'

export type Classified =
  | { cacheable: false; credentials: boolean; reason: string }
  | { cacheable: true; collection?: string; /** The answer holds a petition's signature count, whatever key the JSON gives it. */ holdsCount?: boolean; key: string }

type RequestLike = { headers: Record<string, string | string[] | undefined>; method: string; url: string }

const QUERY_OPTIONS = { allowEmptyArrays: true, arrayLimit: 1000, depth: 10, ignoreQueryPrefix: true } as const

/** Sub-paths of a public collection that read or write something private, or act. */
const UNCACHED_ACTIONS = new Set(['access', 'publish-checklist', 'erase', 'export', 'first-register', 'forgot-password', 'init', 'live-preview', 'login', 'logout', 'me', 'refresh-token', 'reset-password', 'sign', 'signatures.csv', 'signers', 'unlock', 'verify', 'versions'])

/** In any letter case: express's routers, and Payload's endpoint matching, ignore it (`/SIGNERS` reaches the signers list). */
const isUncachedAction = (segment: string) => UNCACHED_ACTIONS.has(segment.toLowerCase())

const PREVIEW_PARAMETERS = ['draft', 'locale', 'fallback-locale', 'fallbackLocale']

export function classifyRequest(request: RequestLike, scope: ReadCacheScope & { cookiePrefix: string }): Classified {
  if (hasCredentials(request.headers, scope.cookiePrefix)) return { cacheable: false, credentials: true, reason: 'credentials' }
  if (request.headers['x-payload-http-method-override'] || request.headers['x-http-method-override']) {
    return { cacheable: false, credentials: false, reason: 'method override' }
  }
  const queryStart = request.url.indexOf('?')
  const pathname = queryStart === -1 ? request.url : request.url.slice(0, queryStart)
  let segments: string[]
  try {
    segments = pathname.split('/').map(decodeURIComponent)
  } catch {
    return { cacheable: false, credentials: false, reason: 'malformed path' }
  }
  // ['', 'api', …]
  const [, api, first, second, third] = segments
  if (api !== 'api' || !first) return { cacheable: false, credentials: false, reason: 'not the API' }
  let collection: string | undefined
  if (first === 'globals') {
    if (!second || !scope.publicGlobals.includes(second) || (third && isUncachedAction(third))) return { cacheable: false, credentials: false, reason: 'not public' }
  } else if (scope.publicCollections.includes(first)) {
    if (segments.slice(2).some(isUncachedAction)) return { cacheable: false, credentials: false, reason: 'not public' }
    collection = first
  } else if (!scope.rootReadPaths.includes(first)) {
    return { cacheable: false, credentials: false, reason: 'not public' }
  }

  const query = queryStart === -1 ? {} : (qs.parse(request.url.slice(queryStart), QUERY_OPTIONS) as Record<string, unknown>)
  // Anything but an explicit draft=false could ask for drafts.
  if (PREVIEW_PARAMETERS.some((name) => name in query && !(name === 'draft' && query[name] === 'false'))) {
    return { cacheable: false, credentials: false, reason: 'preview' }
  }
  const path = segments.map((segment) => encodeURIComponent(segment)).join('/')
  const parameters = canonicalJson(query)
  if (parameters === undefined) return { cacheable: false, credentials: false, reason: 'too deeply nested' }
  return { cacheable: true, collection, key: `GET ${path}?${parameters}` }
}

export function hasCredentials(headers: RequestLike['headers'], cookiePrefix: string): boolean {
  if (headers.authorization !== undefined) return true
  const cookie = headers.cookie
  return typeof cookie === 'string' && (cookie.includes(`${cookiePrefix}-token`) || cookie.includes('payload-token'))
}

/**
 * Deeper values are not cached (a key for them is not worth a deep walk, and a recursive one
 * overflows the stack on thousands of levels); the request guards answer them.
 */
const MAX_KEY_DEPTH = 64

/**
 * Stringifies with object keys sorted, so the same parameters in any order give one text;
 * undefined for a value nested deeper than MAX_KEY_DEPTH.
 */
export function canonicalJson(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_KEY_DEPTH) return undefined
  if (Array.isArray(value)) {
    const items: string[] = []
    for (const item of value) {
      const text = canonicalJson(item, depth + 1)
      if (text === undefined) return undefined
      items.push(text)
    }
    return `[${items.join(',')}]`
  }
  if (value && typeof value === 'object') {
    const entries: string[] = []
    for (const key of Object.keys(value).sort()) {
      const text = canonicalJson((value as Record<string, unknown>)[key], depth + 1)
      if (text === undefined) return undefined
      entries.push(`${JSON.stringify(key)}:${text}`)
    }
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Longer documents are left to Payload (and its limits) uncached. */
const MAX_CACHED_DOCUMENT_CHARS = 20_000

type DocumentVerdict = { cacheable: false; reason: string } | { cacheable: true; holdsCount: boolean; printed: string }

/** The field whose value signing changes without a new generation (see READ_CACHE_COUNT_S). */
const COUNT_FIELD = 'signatureCount'

/** Parsed documents by their text: a frontend sends the same few queries over and over. */
const verdicts = new Map<string, DocumentVerdict>()
const MAX_REMEMBERED_DOCUMENTS = 500

/** `body`: the GraphQL request body as sent. */
export function classifyGraphQL(body: string): Classified {
  let request: unknown
  try {
    request = JSON.parse(body)
  } catch {
    return { cacheable: false, credentials: false, reason: 'malformed body' }
  }
  if (!request || typeof request !== 'object' || Array.isArray(request)) return { cacheable: false, credentials: false, reason: 'malformed body' }
  const { operationName, query, variables } = request as Record<string, unknown>
  if (typeof query !== 'string' || query.length > MAX_CACHED_DOCUMENT_CHARS) return { cacheable: false, credentials: false, reason: 'document' }
  if (operationName != null && typeof operationName !== 'string') return { cacheable: false, credentials: false, reason: 'malformed body' }
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return { cacheable: false, credentials: false, reason: 'malformed body' }
  const verdict = documentVerdict(query, operationName ?? undefined)
  if (!verdict.cacheable) return { cacheable: false, credentials: false, reason: verdict.reason }
  const variablesText = canonicalJson(variables ?? {})
  if (variablesText === undefined) return { cacheable: false, credentials: false, reason: 'too deeply nested' }
  return { cacheable: true, holdsCount: verdict.holdsCount, key: `GRAPHQL ${verdict.printed}\n${operationName ?? ''}\n${variablesText}` }
}

function documentVerdict(query: string, operationName: string | undefined): DocumentVerdict {
  const memoKey = `${operationName ?? ''}\n${query}`
  let verdict = verdicts.get(memoKey)
  if (!verdict) {
    verdict = judgeDocument(query, operationName)
    if (verdicts.size >= MAX_REMEMBERED_DOCUMENTS) verdicts.delete(verdicts.keys().next().value!)
    verdicts.set(memoKey, verdict)
  }
  return verdict
}

/**
 * Payload's auth queries (`meUser`, `initializedUser`): they read the users collection, whose
 * changes start no new generation (`initializedUser` turns true with the first account), as
 * REST's /me and /init go uncached.
 */
const AUTH_QUERY = /^(me|initialized)[A-Z]/

/** The fields an operation asks of the root type, through fragments spread or inlined there. */
function rootFieldNames(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  )
  const names: string[] = []
  const visited = new Set<string>()
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value)
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet)
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value)
        const fragment = fragments.get(selection.name.value)
        if (fragment) collect(fragment.selectionSet)
      }
    }
  }
  collect(operation.selectionSet)
  return names
}

function judgeDocument(query: string, operationName: string | undefined): DocumentVerdict {
  let document: DocumentNode
  try {
    document = parse(query, { noLocation: true })
  } catch {
    return { cacheable: false, reason: 'document' }
  }
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
  const chosen = operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((operation) => operation.name?.value === operationName)
  if (!chosen) return { cacheable: false, reason: 'document' }
  if (chosen.operation !== 'query') return { cacheable: false, reason: chosen.operation }
  if (rootFieldNames(chosen, document).some((name) => AUTH_QUERY.test(name))) return { cacheable: false, reason: 'auth' }
  let preview = false
  // An alias (`tally: signatureCount`) hides the count from a look at the answer's JSON.
  let holdsCount = false
  visit(document, {
    Argument(node) {
      if (PREVIEW_PARAMETERS.includes(node.name.value)) preview = true
    },
    Field(node) {
      if (node.name.value === COUNT_FIELD) holdsCount = true
    },
  })
  return preview ? { cacheable: false, reason: 'preview' } : { cacheable: true, holdsCount, printed: print(document) }
}
