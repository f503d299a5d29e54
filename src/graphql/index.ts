/**
 * GraphQL limits: what keeps one anonymous GraphQL request from taking the server down.
 *
 * - Before a query runs, joins asked for without a limit get their `defaultLimit`
 *   (fillJoinLimits.ts), and the operation is weighed (queryCost.ts): its cost (documents and
 *   database queries, nested lists multiplied by their limits), its depth, its number of fields,
 *   and every list's limit. An operation over any limit is refused whole, before anything runs,
 *   with one error per limit passed, each naming it in `extensions.code` (queryLimitsRule.ts).
 * - While a query runs, a time budget stops the document fetches it still makes once the budget
 *   is spent (timeBudget.ts).
 * - Requests Payload's GraphQL route would answer with a 500 (bodies that are not JSON objects,
 *   fragment cycles) are refused with a 4xx by the route itself (guardRequest.ts, used in
 *   src/app/(payload)/api/graphql/route.ts).
 *
 * Payload's own complexity limit weighs every join and relationship at 10 whatever its limit;
 * the cost model here replaces it, so it is set out of the way.
 */
import type { Config, Plugin } from 'payload'

import { getOperationAST } from 'graphql'

import type { GraphQLLimits, GraphQLLimitsOptions } from './types'

import { positiveIntegerFromEnv } from '../utilities/envNumber'
import { fillJoinLimits } from './fillJoinLimits'
import { queryLimitsRule } from './queryLimitsRule'
import { nameTimeBudgetErrors, refuseFetchesPastTheBudget, startTimeBudget } from './timeBudget'

export type { GraphQLLimitsOptions } from './types'

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  hasManyEstimate: 10,
  maxCost: 1000,
  maxDepth: 10,
  maxFields: 200,
  maxLimit: 100,
  timeBudgetMs: 3000,
}

/** The limits as the environment sets them (`GRAPHQL_MAX_COST`, …), defaults for the rest. */
export function graphQLLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): GraphQLLimitsOptions {
  return {
    maxCost: positiveIntegerFromEnv('GRAPHQL_MAX_COST', DEFAULT_GRAPHQL_LIMITS.maxCost, env),
    maxDepth: positiveIntegerFromEnv('GRAPHQL_MAX_DEPTH', DEFAULT_GRAPHQL_LIMITS.maxDepth, env),
    maxFields: positiveIntegerFromEnv('GRAPHQL_MAX_FIELDS', DEFAULT_GRAPHQL_LIMITS.maxFields, env),
    maxLimit: positiveIntegerFromEnv('GRAPHQL_MAX_LIMIT', DEFAULT_GRAPHQL_LIMITS.maxLimit, env),
    timeBudgetMs: positiveIntegerFromEnv('GRAPHQL_TIME_BUDGET_MS', DEFAULT_GRAPHQL_LIMITS.timeBudgetMs, env),
  }
}

export const graphQLLimitsPlugin =
  (options: GraphQLLimitsOptions = {}): Plugin =>
  (config: Config): Config => {
    const limits: GraphQLLimits = { ...DEFAULT_GRAPHQL_LIMITS, ...options }
    const otherRules = config.graphQL?.validationRules
    return {
      ...config,
      collections: (config.collections ?? []).map((collection) => ({
        ...collection,
        hooks: { ...collection.hooks, beforeOperation: [...(collection.hooks?.beforeOperation ?? []), refuseFetchesPastTheBudget] },
      })),
      graphQL: {
        ...config.graphQL,
        queries: selectWhatIsAsked(answerAccessForVisitors(config.graphQL?.queries)),
        maxComplexity: Number.MAX_SAFE_INTEGER,
        // Payload calls this once per request, just before validating, with the arguments the
        // query then runs with: the place to settle join limits and start the clock.
        validationRules: (args) => {
          args.document = fillJoinLimits(args.schema, args.document, args.variableValues ?? {}, limits.maxLimit)
          const req = (args.contextValue as { req?: Parameters<typeof startTimeBudget>[0] } | undefined)?.req
          if (req && getOperationAST(args.document, args.operationName)?.operation === 'query') startTimeBudget(req, limits.timeBudgetMs)
          return [...(otherRules?.(args) ?? []), queryLimitsRule(limits, args)]
        },
      },
      hooks: { ...config.hooks, afterError: [...(config.hooks?.afterError ?? []), nameTimeBudgetErrors] },
    }
  }

type CustomQueries = NonNullable<NonNullable<Config['graphQL']>['queries']>
type QueryField = { args?: Record<string, unknown>; resolve?: (source: unknown, args: Record<string, unknown>, ...rest: unknown[]) => unknown }

/**
 * Payload's document queries read every column of a document unless asked `select: true`,
 * when they read only the fields the query names (Payload builds the `select` from the
 * selection set). A GraphQL query names its fields, so reading the rest is waste: a list of ten
 * titles read ten bodies. Here `select` defaults to true; `select: false` reads everything.
 */
function selectWhatIsAsked(queries: CustomQueries): CustomQueries {
  return (GraphQL, context) => {
    const generated = (context as { Query?: { fields?: Record<string, QueryField> } }).Query?.fields ?? {}
    const selecting: Record<string, QueryField> = {}
    for (const [name, field] of Object.entries(generated)) {
      const resolve = field.resolve
      if (!resolve || !field.args || !('select' in field.args)) continue
      selecting[name] = { ...field, resolve: (source, args, ...rest) => resolve(source, args.select === undefined ? { ...args, select: true } : args, ...rest) }
    }
    return { ...selecting, ...queries(GraphQL, context) }
  }
}

/**
 * Payload's own `Access` query types `canAccessAdmin` as non-null, but its permission
 * sanitiser deletes the field when it is false, so a visitor's `{ Access { canAccessAdmin } }`
 * answered an internal error (statusCode 500, logged as an error). The same query, answering
 * `false` when Payload leaves the field out.
 */
function answerAccessForVisitors(otherQueries: CustomQueries | undefined): CustomQueries {
  return (GraphQL, context) => {
    const access = (context as { Query?: { fields?: Record<string, { resolve?: (...args: unknown[]) => unknown }> } }).Query?.fields?.Access
    const resolve = access?.resolve
    return {
      ...otherQueries?.(GraphQL, context),
      ...(access && resolve ? { Access: { ...access, resolve: async (...args: unknown[]) => ({ canAccessAdmin: false, ...((await resolve(...args)) as object) }) } } : {}),
    }
  }
}
