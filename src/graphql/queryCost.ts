/**
 * Weighs one GraphQL operation before it runs: how many documents it can ask for, how deeply it
 * nests, how many fields it selects, and whether every list in it is bounded.
 *
 * The cost is the number of objects the answer can hold, plus a weight for each database query
 * it makes: ROOT_QUERY_WEIGHT for every root field, JOIN_QUERY_WEIGHT for every join (Payload
 * runs one per parent document). The documents a root field returns weigh DOCUMENT_WEIGHT each:
 * Payload reads them whole, with their own joins, whatever the query selects. The weights are
 * measured (npm run bench:hardening, SQLite): an `Article(id)` alias takes about as long as 4
 * documents of a list, a join about 2. A list multiplies what is under it by its limit:
 * `Articles(limit: 100)` with `relatedLinks(limit: 10) { docs { to { … } } }` inside costs
 * 100 × 10 at the `to` level, and nesting the join again multiplies again. A has-many
 * relationship counts its `maxRows` (or an estimate). Fragments are expanded where they are
 * spread; a fragment that spreads itself is left to GraphQL's own rule (and refused before this
 * runs, see guardRequest.ts). A custom query declares its weight as `extensions.cost` on its field;
 * what it selects below adds one per object, as usual.
 *
 * The walk stops as soon as the field count passes its limit, so a fragment bomb (fragments
 * spreading others many times) cannot make the weighing itself expensive.
 */
import {
  type FieldNode,
  getArgumentValues,
  getNamedType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FragmentDefinitionNode,
} from 'graphql'

import type { GraphQLLimits } from './types'

/** What one root field (its own query, access and hooks) weighs beside the objects it returns. */
export const ROOT_QUERY_WEIGHT = 40
/** What one join, run once per parent document, weighs beside the objects it returns. */
export const JOIN_QUERY_WEIGHT = 20
/** What a document read whole by a root field weighs. */
export const DOCUMENT_WEIGHT = 10
/** Payload's page size for a collection list asked for without `limit`. */
const PAYLOAD_LIST_DEFAULT = 10

export type ListProblem = { field: string; message: string }

export type OperationWeight = {
  cost: number
  depth: number
  fields: number
  /** Lists whose limit is missing-and-unbounded, zero, negative or over the maximum. */
  listProblems: ListProblem[]
  /** True when the walk stopped early because the field count passed its limit. */
  stoppedEarly: boolean
}

type PayloadField = { defaultLimit?: number; hasMany?: boolean; maxRows?: number; type?: string }

type Walk = {
  fragments: Record<string, FragmentDefinitionNode>
  limits: GraphQLLimits
  schema: GraphQLSchema
  variables: Record<string, unknown>
  weight: OperationWeight
}

export function weighOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: GraphQLLimits,
): OperationWeight {
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType()
  const weight: OperationWeight = { cost: 0, depth: 0, fields: 0, listProblems: [], stoppedEarly: false }
  if (root) walk({ fragments, limits, schema, variables, weight }, operation.selectionSet, root, { depth: 0, multiplier: 1, root: true, spread: [] })
  return weight
}

type Position = {
  depth: number
  /** The objects here are the documents of a root list (its `docs`). */
  documents?: boolean
  multiplier: number
  root: boolean
  spread: string[]
}

function walk(state: Walk, selectionSet: SelectionSetNode, parentType: GraphQLNamedType, at: Position): void {
  for (const selection of selectionSet.selections) {
    if (state.weight.stoppedEarly) return
    switch (selection.kind) {
      case 'Field':
        weighField(state, selection, parentType, at)
        break
      case 'InlineFragment': {
        const type = selection.typeCondition ? state.schema.getType(selection.typeCondition.name.value) : parentType
        if (type) walk(state, selection.selectionSet, type, at)
        break
      }
      case 'FragmentSpread': {
        const name = selection.name.value
        const fragment = state.fragments[name]
        if (!fragment || at.spread.includes(name)) break
        const type = state.schema.getType(fragment.typeCondition.name.value)
        if (type) walk(state, fragment.selectionSet, type, { ...at, spread: [...at.spread, name] })
        break
      }
    }
  }
}

function weighField(state: Walk, node: FieldNode, parentType: GraphQLNamedType, at: Position): void {
  const { limits, weight } = state
  weight.fields += 1
  if (weight.fields > limits.maxFields) {
    weight.stoppedEarly = true
    return
  }
  const depth = at.depth + 1
  weight.depth = Math.max(weight.depth, depth)
  if (!isObjectType(parentType) && !isInterfaceType(parentType)) return
  const definition = parentType.getFields()[node.name.value]
  if (!definition) return // an unknown field: GraphQL's own rules report it
  const payloadField = definition.extensions?.field as PayloadField | undefined
  const isJoin = payloadField?.type === 'join'
  const isList = definition.args.some((arg) => arg.name === 'limit')
  const queryWeight = at.root ? ROOT_QUERY_WEIGHT : isJoin ? JOIN_QUERY_WEIGHT : 0
  const items = isHasMany(payloadField) ? (payloadField!.maxRows ?? limits.hasManyEstimate) : 1
  const objectWeight = (at.root && !isList) || at.documents ? DOCUMENT_WEIGHT : 1
  const composite = isCompositeType(getNamedType(definition.type))
  // A custom query (the article page) knows its own queries better than the model: it declares their weight.
  const declaredCost = definition.extensions?.cost
  weight.cost += at.multiplier * (typeof declaredCost === 'number' ? declaredCost : queryWeight + (composite ? items * objectWeight : 0))
  if (!node.selectionSet) return
  const listLimit = isList ? effectiveLimit(state, node, definition, isJoin) : 1
  walk(state, node.selectionSet, getNamedType(definition.type), {
    depth,
    documents: at.root && isList,
    multiplier: at.multiplier * items * listLimit,
    root: false,
    spread: at.spread,
  })
}

function isHasMany(field: PayloadField | undefined): boolean {
  return Boolean(field && (field.type === 'relationship' || field.type === 'upload') && field.hasMany)
}

/**
 * The number of documents a list or join will fetch. A join asked for without a limit gets its
 * `defaultLimit` (fillJoinLimits.ts writes it into the query); a collection list without one
 * gets Payload's page of 10, or every document with `pagination: false`, which is refused.
 */
function effectiveLimit(state: Walk, node: FieldNode, definition: GraphQLField<unknown, unknown>, isJoin: boolean): number {
  const { limits, weight } = state
  let args: Record<string, unknown>
  try {
    args = getArgumentValues(definition, node, state.variables)
  } catch {
    return 1 // an argument of the wrong type: GraphQL's own rules report it
  }
  const name = node.alias ? `${node.alias.value} (${node.name.value})` : node.name.value
  const limit = args.limit
  const refuse = (message: string) => {
    weight.listProblems.push({ field: name, message: `${name}: ${message}` })
    return limits.maxLimit
  }
  if (limit === undefined || limit === null) {
    if (isJoin) return Math.min((definition.extensions?.field as PayloadField).defaultLimit ?? PAYLOAD_LIST_DEFAULT, limits.maxLimit)
    if (args.pagination === false) return refuse(`pagination: false asks for every document; give a limit from 1 to ${limits.maxLimit} and page through`)
    return PAYLOAD_LIST_DEFAULT
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit)) return 1
  if (limit === 0) return refuse(`limit 0 asks for every document; give a limit from 1 to ${limits.maxLimit} and page through`)
  if (limit < 0 || limit > limits.maxLimit) return refuse(`limit ${limit} is out of range; give a limit from 1 to ${limits.maxLimit}`)
  return limit
}
