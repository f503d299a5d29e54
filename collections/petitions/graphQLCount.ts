/**
 * GraphQL: Payload gives every number field the type Float; a count of signatures is a whole
 * number, so `Petition.signatureCount` is an Int. Payload has no per-field GraphQL type, so the
 * field's type is set once the collection types exist: `graphQL.queries` runs right after
 * Payload builds them (@payloadcms/graphql configToSchema), and this adds no query of its own.
 */
import type { Config } from 'payload'

import { PETITIONS } from '../slugs'

type BuiltCollections = Record<string, { graphQL?: { type?: { getFields?: () => Record<string, { type: unknown }> } } }>

export function signatureCountAsInt(config: Config): Config {
  const otherQueries = config.graphQL?.queries
  return {
    ...config,
    graphQL: {
      ...config.graphQL,
      queries: (GraphQL, context) => {
        const field = (context.collections as BuiltCollections)[PETITIONS]?.graphQL?.type?.getFields?.().signatureCount
        if (field) field.type = GraphQL.GraphQLInt
        return otherQueries?.(GraphQL, context) ?? {}
      },
    },
  }
}
