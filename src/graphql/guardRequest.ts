/**
 * Wraps Payload's GraphQL route so requests it would answer with a 500 get a 4xx naming the
 * problem instead: a body that is not JSON, not a JSON object, or has no `query` string; a
 * content type other than JSON; a body nested deeper than REST bodies may be; a document whose fragments spread each other in a cycle
 * (Payload's own complexity rule recurses through them until the stack overflows, before
 * GraphQL's rule against cycles can answer); and any client error Payload throws while reading
 * the request. Everything else goes to Payload unchanged.
 */
import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql'

import type { GraphQLLimits } from './types'

import { jsonDepth, MAX_JSON_DEPTH } from '../requestGuard/body'
import { DEFAULT_GRAPHQL_LIMITS } from './index'
import { LIMIT_CODES } from './queryLimitsRule'

type RouteHandler = (request: Request) => Promise<Response>

export const BAD_REQUEST_CODES = {
  fragmentCycle: 'FRAGMENT_CYCLE',
  invalidBody: 'BAD_REQUEST',
  invalidJson: 'INVALID_JSON',
  mediaType: 'UNSUPPORTED_MEDIA_TYPE',
} as const

export type DocumentLimits = Pick<GraphQLLimits, 'maxDepth' | 'maxFields'>

/** `limits`: the GraphQL limits in force (graphQLLimitsFromEnv), of which the document's depth and field count are checked here. */
export function guardGraphQLRequest(handler: RouteHandler, limits: Partial<DocumentLimits> = {}): RouteHandler {
  return async (request) => {
    const mediaType = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase()
    if (mediaType !== 'application/json') {
      return refusal(415, BAD_REQUEST_CODES.mediaType, `GraphQL takes a JSON body: send Content-Type: application/json with {"query": "…"}; got ${mediaType ? `"${mediaType}"` : 'no content type'}.`)
    }
    const text = await request.clone().text()
    // Deep variables would overflow the stack while Payload walks them, long after parsing.
    const depth = jsonDepth(text)
    if (depth > MAX_JSON_DEPTH) return refusal(400, BAD_REQUEST_CODES.invalidBody, `The body nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are allowed.`)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (error) {
      return refusal(400, BAD_REQUEST_CODES.invalidJson, `The body is not valid JSON: ${(error as Error).message}`)
    }
    const problem = bodyProblem(body)
    if (problem) return refusal(400, BAD_REQUEST_CODES.invalidBody, problem)
    const tooMuch = documentProblem((body as { query: string }).query, { ...DEFAULT_GRAPHQL_LIMITS, ...limits })
    if (tooMuch) return refusal(400, tooMuch.code, tooMuch.message)
    try {
      return await handler(request)
    } catch (error) {
      const status = (error as { status?: unknown }).status
      if (typeof status === 'number' && status >= 400 && status < 500) return refusal(status, BAD_REQUEST_CODES.invalidBody, (error as Error).message)
      throw error
    }
  }
}

function bodyProblem(body: unknown): string | undefined {
  const shape = 'the body must be a JSON object: {"query": "…", "variables": {…}, "operationName": "…"}'
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return `${shape}; got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}.`
  }
  const { operationName, query, variables } = body as Record<string, unknown>
  if (typeof query !== 'string') return `"query" must be a string holding the GraphQL document; ${shape}.`
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return `"variables" must be a JSON object of values by name.`
  if (operationName != null && typeof operationName !== 'string') return `"operationName" must be a string.`
  return undefined
}

/**
 * Longer than any query a frontend writes (the admin's largest is a few kB); parsing and
 * validating a megabyte of fragments or operations held the server for over a second.
 */
export const MAX_DOCUMENT_CHARS = 100_000

type DocumentProblem = { code: string; message: string }

/**
 * What makes a document too expensive to even validate, checked on its text and, once parsed,
 * on its fragments. GraphQL's own validation expands every fragment spread (its rule for
 * overlapping fields compares them pairwise): thirty fragments each spreading the next twice
 * (2^30 fields in 1.5 kB) would run for minutes, before any limit of ours was asked. Fragment
 * sizes are summed bottom-up here, each fragment once, so the check is linear in the text.
 */
function documentProblem(query: string, limits: DocumentLimits): DocumentProblem | undefined {
  if (query.length > MAX_DOCUMENT_CHARS) {
    return { code: LIMIT_CODES.documentSize, message: `The query is ${query.length} characters long; at most ${MAX_DOCUMENT_CHARS} are allowed.` }
  }
  // Parsing recurses once per level of braces; thousands of levels overflow its stack.
  const nesting = braceDepth(query)
  const maxNesting = limits.maxDepth * 4
  if (nesting > maxNesting) {
    return { code: LIMIT_CODES.depth, message: `The query nests ${nesting} levels of braces; at most ${maxNesting} are allowed.` }
  }
  if (!query.includes('...')) return undefined
  let document: DocumentNode
  try {
    document = parse(query, { noLocation: true })
  } catch {
    return undefined // GraphQL reports the syntax error itself
  }
  const fragments = new Map<string, SelectionSetNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet)
  }
  const cycle = fragmentCycle(fragments)
  if (cycle) {
    return { code: BAD_REQUEST_CODES.fragmentCycle, message: `Fragment "${cycle[0]}" spreads itself (${cycle.join(' → ')}); fragments may not form cycles.` }
  }
  const fields = expandedFieldCount(document, fragments)
  if (fields > limits.maxFields) {
    return {
      code: LIMIT_CODES.fields,
      message: `This query selects ${fields > 1e9 ? 'billions of' : fields} fields once its fragments are spread; at most ${limits.maxFields} are allowed.`,
    }
  }
  return undefined
}

/** The deepest nesting of `{` in the document's text, strings and comments left out. */
function braceDepth(query: string): number {
  let depth = 0
  let deepest = 0
  for (let i = 0; i < query.length; i++) {
    const c = query[i]
    if (c === '"') {
      for (i++; i < query.length && query[i] !== '"'; i++) if (query[i] === '\\') i++
    } else if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++
    } else if (c === '{') deepest = Math.max(deepest, ++depth)
    else if (c === '}') depth--
  }
  return deepest
}

/** Fields of every operation with each fragment spread expanded, each fragment's size computed once. */
function expandedFieldCount(document: DocumentNode, fragments: Map<string, SelectionSetNode>): number {
  const sizes = new Map<string, number>()
  const sizeOf = (selectionSet: SelectionSetNode): number => {
    let count = 0
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) count += 1 + (selection.selectionSet ? sizeOf(selection.selectionSet) : 0)
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += sizeOf(selection.selectionSet)
      else count += fragmentSize(selection.name.value)
    }
    return count
  }
  const fragmentSize = (name: string): number => {
    if (!sizes.has(name)) {
      const selectionSet = fragments.get(name)
      sizes.set(name, selectionSet ? sizeOf(selectionSet) : 0)
    }
    return sizes.get(name)!
  }
  let total = 0
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += sizeOf(definition.selectionSet)
  }
  return total
}

/** The first cycle of fragment spreads, as fragment names. */
function fragmentCycle(fragments: Map<string, SelectionSetNode>): string[] | undefined {
  const spreads = new Map([...fragments].map(([name, selectionSet]) => [name, spreadNames(selectionSet)]))
  const done = new Set<string>()
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (path.includes(name)) return [...path.slice(path.indexOf(name)), name]
    if (done.has(name) || !spreads.has(name)) return undefined
    for (const next of spreads.get(name)!) {
      const cycle = visit(next, [...path, name])
      if (cycle) return cycle
    }
    done.add(name)
    return undefined
  }
  for (const name of spreads.keys()) {
    const cycle = visit(name, [])
    if (cycle) return cycle
  }
  return undefined
}

function spreadNames(selectionSet: SelectionSetNode, names: string[] = []): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) names.push(selection.name.value)
    else if (selection.selectionSet) spreadNames(selection.selectionSet, names)
  }
  return names
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ extensions: { code, statusCode: status }, message }] }, { status })
}
