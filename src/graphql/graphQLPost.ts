/**
 * `POST /api/graphql`: the request travels as through Payload's own route (@payloadcms/next's
 * GRAPHQL_POST: Payload request, body and locale, graphql-http with Payload's schema and
 * validation rules, Payload's error shape and afterError hooks, CORS and response headers),
 * with one difference: a query text's parse tree and its verdict under GraphQL's standard
 * validation rules are remembered, so the same query asked again skips both.
 *
 * Why: a frontend asks the same few queries all day, and with Payload's schema of several
 * hundred types the standard rules cost more per request than reading ten articles does (a CPU
 * profile of uncached GraphQL reads: validation 11% of the server's time, against 1–2% for
 * execution's database reads). Both depend only on the text and the schema, which is built once
 * per process. Payload's own rules and ours (complexity, query limits) read the request's
 * variables, so they still run on every request.
 */
import type { SanitizedConfig } from 'payload'

import { configToSchema } from '@payloadcms/graphql'
import { type DocumentNode, type GraphQLError, type GraphQLSchema, parse, type Source, specifiedRules, validate, type ValidationRule } from 'graphql'
import { createHandler } from 'graphql-http/lib/use/fetch'
import { LRUCache } from 'lru-cache'
import { addDataAndFileToRequest, addLocalesToRequestFromData, createPayloadRequest, headersWithCors, logError, mergeHeaders, unlinkClientUploadTempFile } from 'payload'

type Config = Promise<SanitizedConfig> | SanitizedConfig
type PayloadGraphQL = ReturnType<typeof configToSchema>

/** GraphQL's own rules, whose verdict depends only on the query text and the schema. */
const STANDARD_RULES = new Set<ValidationRule>(specifiedRules)

/** Query text kept in memory at most, over all remembered queries. */
const REMEMBERED_CHARS = 2_000_000

/** Query texts, least recently used dropped first, with what parsing and the standard rules made of them. */
class QueryMemory {
  private readonly known = new LRUCache<string, { document: DocumentNode; errors?: readonly GraphQLError[] }>({
    maxSize: REMEMBERED_CHARS,
    sizeCalculation: (_entry, text) => Math.max(1, text.length),
  })

  parse = (source: Source | string): DocumentNode => {
    // graphql-http hands over the request's query string; anything else is parsed as it comes.
    if (typeof source !== 'string') return parse(source)
    const hit = this.known.get(source)
    if (hit) return hit.document
    const document = parse(source)
    this.known.set(source, { document })
    return document
  }

  /** graphql-http's `validate`: the standard rules' verdict remembered per text, the others run each time. */
  validate = (schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[] = specifiedRules): readonly GraphQLError[] => {
    const own = rules.filter((rule) => !STANDARD_RULES.has(rule))
    const text = document.loc?.source.body
    const entry = text === undefined ? undefined : this.known.peek(text)
    const remembered = entry?.document === document ? entry : undefined
    const errors = remembered?.errors ?? validate(schema, document, rules.filter((rule) => STANDARD_RULES.has(rule)))
    if (remembered) remembered.errors = errors
    return own.length === 0 ? errors : [...errors, ...validate(schema, document, own)]
  }
}

/** Payload's error shape for a GraphQL error, through the config's afterError hooks (as Payload's route does). */
async function payloadError(err: GraphQLError, req: Awaited<ReturnType<typeof createPayloadRequest>>) {
  const { payload } = req
  const original = err.originalError as ({ data?: unknown; status?: number } & Error) | undefined
  const status = original?.status || 500
  logError({ err, payload })
  // A 500's message may hold anything; it is shown only in debug mode.
  const message = !payload.config.debug && status === 500 ? 'Something went wrong.' : err.message
  let response: Record<string, unknown> = {
    extensions: { name: original?.name || undefined, data: original?.data || undefined, stack: payload.config.debug ? err.stack : undefined, statusCode: status },
    locations: err.locations,
    message,
    path: err.path,
  }
  for (const hook of payload.config.hooks.afterError ?? []) {
    const result = await hook({ context: req.context, error: err, graphqlResult: response, req } as never)
    if (result?.graphqlResult) response = result.graphqlResult as unknown as Record<string, unknown>
  }
  return response
}

export function graphQLPost(config: Config): (request: Request) => Promise<Response> {
  let built: Promise<PayloadGraphQL> | undefined
  const memory = new QueryMemory()
  const buildSchema = async (): Promise<PayloadGraphQL> => configToSchema((await config) as SanitizedConfig)
  return async (request) => {
    const forGraphQL = request.clone()
    const req = await createPayloadRequest({ canSetHeaders: true, config, request })
    const { payload } = req
    if (payload.config.graphQL?.disable) return new Response(null, { status: 404 })
    try {
      await addDataAndFileToRequest(req)
      addLocalesToRequestFromData(req)
      built ??= buildSchema()
      const { schema, validationRules } = await built.catch((error: unknown) => {
        built = undefined
        throw error
      })
      // Resolvers add headers here (a login's cookie, for one).
      const headers: Record<string, string> = {}
      const answer = await createHandler({
        context: { headers, req },
        onOperation: async (_request, args, result) => {
          const extended = typeof payload.extensions === 'function' ? await payload.extensions({ args, req: _request, result } as never) : result
          if (!extended.errors) return extended
          return { ...extended, errors: await Promise.all((result.errors ?? []).map((error) => payloadError(error, req))) } as never
        },
        parse: memory.parse,
        schema,
        validate: memory.validate,
        validationRules: (_request, args, standard) => [...standard, ...validationRules(args)],
      })(forGraphQL)
      const answerHeaders = headersWithCors({ headers: new Headers(answer.headers), req })
      for (const [name, value] of Object.entries(headers)) answerHeaders.append(name, value)
      return new Response(answer.body, { headers: req.responseHeaders ? mergeHeaders(req.responseHeaders, answerHeaders) : answerHeaders, status: answer.status })
    } finally {
      // GraphQL reads the body itself, and an operation that writes no document never reaches
      // the operation-level cleanup of an uploaded file.
      await unlinkClientUploadTempFile({ req })
    }
  }
}
