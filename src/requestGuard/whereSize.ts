/**
 * How big a `where` may be, at every door: REST, GraphQL and the Local API all reach a
 * collection operation, and its `beforeOperation` hooks see the `where` before any query is
 * built. Without a limit, a 1 MB `or` of 45,000 conditions held the server for seconds and then
 * failed in the database (SQLite: "Expression tree is too large"), as did an `in` list of
 * 50,000 values or a `like` of 1,100 words (Payload adds one LIKE per word) — each a 500 any
 * anonymous reader could send. The limits are far above what the admin panel or a site asks.
 */
import type { CollectionBeforeOperationHook } from 'payload'

import { APIError } from 'payload'

import type { Problem } from './refuse'

export const WHERE_LIMITS = {
  /** Field conditions in the whole tree, nested and/or included (an empty group counts as one). */
  conditions: 200,
  /** Characters in any one value. */
  characters: 1_000,
  /** and/or groups inside each other. */
  nesting: 16,
  /** Values in an `in`, `not_in` or `all` list (or any list value). */
  values: 500,
  /** Words in a `like`, `not_like` or `contains` value: each word is a condition of its own. */
  words: 20,
} as const

const WORD_OPERATORS = new Set(['contains', 'like', 'not_like'])

/** The first limit `where` goes past, naming where in it; null when it fits. */
export function whereSizeProblem(where: unknown): null | Problem {
  const tally = { conditions: 0 }
  const problem = groupProblem(where, 'where', 0, tally)
  if (problem) return problem
  if (tally.conditions > WHERE_LIMITS.conditions) {
    return { message: `${tally.conditions} conditions; at most ${WHERE_LIMITS.conditions} are allowed.`, path: 'where' }
  }
  return null
}

function groupProblem(where: unknown, path: string, nesting: number, tally: { conditions: number }): null | Problem {
  if (!isObject(where)) return null
  if (nesting > WHERE_LIMITS.nesting) return { message: `and/or may nest at most ${WHERE_LIMITS.nesting} levels.`, path }
  const entries = Object.entries(where)
  if (entries.length === 0) tally.conditions += 1
  for (const [key, constraint] of entries) {
    if (key.toLowerCase() === 'and' || key.toLowerCase() === 'or') {
      // A query string with more entries than qs's arrayLimit arrives as an object keyed by index.
      const items = Array.isArray(constraint) ? constraint : isObject(constraint) ? Object.values(constraint) : []
      for (const [index, item] of items.entries()) {
        const problem = groupProblem(item, `${path}.${key}[${index}]`, nesting + 1, tally)
        if (problem) return problem
      }
      continue
    }
    if (!isObject(constraint)) continue
    for (const [operator, value] of Object.entries(constraint)) {
      tally.conditions += 1
      const problem = valueProblem(operator, value, `${path}.${key}.${operator}`)
      if (problem) return problem
    }
  }
  return null
}

function valueProblem(operator: string, value: unknown, path: string): null | Problem {
  const values = Array.isArray(value) ? value : [value]
  if (values.length > WHERE_LIMITS.values) return { message: `${values.length} values; at most ${WHERE_LIMITS.values} are allowed.`, path }
  for (const each of values) {
    if (typeof each !== 'string') continue
    const words = WORD_OPERATORS.has(operator) ? each.split(/\s+/).filter(Boolean).length : 0
    if (words > WHERE_LIMITS.words) return { message: `${words} words; at most ${WHERE_LIMITS.words} are allowed.`, path }
    if (each.length > WHERE_LIMITS.characters) {
      return { message: `a value of ${each.length} characters; at most ${WHERE_LIMITS.characters} are allowed.`, path }
    }
  }
  return null
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Refuses an operation whose `where` is too big, with a 400 in the shape of the REST request
 * guard's refusals. Payload's own lookups (relationship population, relationship validation)
 * pass `disableErrors` and an `in` list of stored ids that may legitimately be long; they are
 * left alone. REST and GraphQL never set `disableErrors`.
 */
export const refuseOversizedWhere: CollectionBeforeOperationHook = ({ args }) => {
  const { disableErrors, where } = args as { disableErrors?: boolean; where?: unknown }
  if (where === undefined || disableErrors === true) return args
  const problem = whereSizeProblem(where)
  if (problem) throw new APIError(`${problem.path}: ${problem.message}`, 400, { errors: [problem] }, true)
  return args
}
