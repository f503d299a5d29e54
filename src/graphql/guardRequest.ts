/**
 * Wraps Payload's GraphQL route so requests it would answer with a 500 get a 4xx naming the
 * problem instead: a body that is not JSON, not a JSON object, or has no `query` string; a
 * content type other than JSON; a body nested deeper than REST bodies may be; a document whose fragments spread each other in a cycle
 * (Payload's own complexity rule recurses through them until the stack overflows, before
 * GraphQL's rule against cycles can answer); and any client error Payload throws while reading
 * the request. Everything else goes to Payload unchanged.
 */
import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql'

import { jsonDepth, MAX_JSON_DEPTH } from '../requestGuard/body'

type RouteHandler = (request: Request) => Promise<Response>

export const BAD_REQUEST_CODES = {
  fragmentCycle: 'FRAGMENT_CYCLE',
  invalidBody: 'BAD_REQUEST',
  invalidJson: 'INVALID_JSON',
  mediaType: 'UNSUPPORTED_MEDIA_TYPE',
} as const

export function guardGraphQLRequest(handler: RouteHandler): RouteHandler {
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
    const cycle = fragmentCycle((body as { query: string }).query)
    if (cycle) {
      return refusal(400, BAD_REQUEST_CODES.fragmentCycle, `Fragment "${cycle[0]}" spreads itself (${cycle.join(' → ')}); fragments may not form cycles.`)
    }
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

/** The first cycle of fragment spreads in the document, as fragment names; none for a document that does not parse (GraphQL reports that). */
function fragmentCycle(query: string): string[] | undefined {
  if (!query.includes('...')) return undefined
  let document: DocumentNode
  try {
    document = parse(query, { noLocation: true })
  } catch {
    return undefined
  }
  const spreads = new Map<string, string[]>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) spreads.set(definition.name.value, spreadNames(definition.selectionSet))
  }
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
