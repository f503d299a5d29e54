/**
 * Payload's GraphQL joins fetch every match when asked without `limit` (REST stops at the
 * join's `defaultLimit`). Before a query runs, each join asked for without a limit, or with a
 * variable limit that has no value, gets its `defaultLimit` written into the query, so GraphQL
 * returns what REST returns and the cost model counts what will really be fetched.
 */
import {
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql'

/** Payload's page size when a join sets no `defaultLimit`. */
const PAYLOAD_JOIN_DEFAULT = 10

export function fillJoinLimits(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, maxLimit: number): DocumentNode {
  const typeInfo = new TypeInfo(schema)
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef()?.extensions?.field as { defaultLimit?: number; type?: string } | undefined
        if (field?.type !== 'join') return undefined
        const given = node.arguments?.find((argument) => argument.name.value === 'limit')
        const unset = !given || (given.value.kind === Kind.VARIABLE && variables[given.value.name.value] == null) || given.value.kind === Kind.NULL
        if (!unset) return undefined
        const limit: ArgumentNode = {
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'limit' },
          value: { kind: Kind.INT, value: String(Math.min(field.defaultLimit ?? PAYLOAD_JOIN_DEFAULT, maxLimit)) },
        }
        return { ...node, arguments: [...(node.arguments ?? []).filter((argument) => argument !== given), limit] }
      },
    }),
  )
}
