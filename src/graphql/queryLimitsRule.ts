/**
 * The GraphQL validation rule that refuses, before anything runs, an operation over any of the
 * limits: its cost, its depth, its number of fields, or a list without a bounded limit. Every
 * limit it passes is reported at once, each as an error whose `extensions.code` names it.
 */
import {
  type ExecutionArgs,
  type FragmentDefinitionNode,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type ASTNode,
  Kind,
  type ValidationRule,
} from 'graphql'

import type { GraphQLLimits } from './types'

import { weighOperation } from './queryCost'

export const LIMIT_CODES = {
  cost: 'QUERY_TOO_COSTLY',
  depth: 'QUERY_TOO_DEEP',
  documentSize: 'QUERY_TOO_LONG',
  fields: 'TOO_MANY_FIELDS',
  listLimit: 'LIST_LIMIT_OUT_OF_RANGE',
} as const

export function queryLimitsRule(limits: GraphQLLimits, args: Pick<ExecutionArgs, 'operationName' | 'variableValues'>): ValidationRule {
  return (context) => ({
    Document(document) {
      const operation = getOperationAST(document, args.operationName)
      // No single operation to run: graphql-http answers that itself, and nothing runs.
      if (!operation) return false
      const refuse = (code: string, message: string, extensions: Record<string, unknown> = {}, nodes: ASTNode | readonly ASTNode[] = operation) =>
        context.reportError(new GraphQLError(message, { extensions: { code, statusCode: 400, ...extensions }, nodes }))

      const variables = getVariableValues(context.getSchema(), operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 10 })
      // Nothing to weigh: Payload's complexity rule coerces the variables the same way and
      // reports each mismatch ("Variable "$id" got invalid value …"), so nothing runs.
      if (variables.errors) return false
      const fragments: Record<string, FragmentDefinitionNode> = {}
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition
      }
      const weight = weighOperation(context.getSchema(), operation, fragments, variables.coerced, limits)

      if (weight.stoppedEarly) {
        refuse(
          LIMIT_CODES.fields,
          `This query selects more than ${limits.maxFields} fields (aliases and the fields of each fragment spread count); at most ${limits.maxFields} are allowed.`,
          { limit: limits.maxFields },
        )
      }
      if (weight.depth > limits.maxDepth) {
        refuse(LIMIT_CODES.depth, `This query nests ${weight.depth} levels deep; at most ${limits.maxDepth} are allowed.`, {
          actual: weight.depth,
          limit: limits.maxDepth,
        })
      }
      for (const problem of weight.listProblems) refuse(LIMIT_CODES.listLimit, problem.message, { field: problem.field, limit: limits.maxLimit })
      if (weight.cost > limits.maxCost) {
        const counted = weight.stoppedEarly ? `at least ${weight.cost}` : String(weight.cost)
        refuse(
          LIMIT_CODES.cost,
          `This query could cost ${counted} (see README, GraphQL limits); at most ${limits.maxCost} is allowed. Ask for smaller limits or fewer nested joins.`,
          { actual: weight.cost, limit: limits.maxCost },
        )
      }
      return false
    },
  })
}
