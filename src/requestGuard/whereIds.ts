/**
 * Ids in a `where`, at every door. The REST request guard (./queryParams) refuses a condition on
 * an id or a relationship whose value cannot be an id of that collection; GraphQL and the Local
 * API reach the same collection operations without passing it. There such a value did worse than
 * fail: Payload's MongoDB adapter drops a condition on one id that is not an ObjectId
 * (`{ id: { equals: 'abc' } }` matched every document, so a bulk delete removed them all) and
 * fails to cast a list of them (500); the SQL adapters send `NaN` for `{ petition: { equals:
 * 'abc' } }` and fail the query (500). Each operation's `beforeOperation` hooks see the `where`
 * (and a find's join `where`s) before any query is built, so the check sits there, once for
 * REST, GraphQL (its join fields run a find too) and the Local API.
 *
 * A well-formed id that names no document is not refused: it matches nothing, as on SQL.
 * `like` and `contains` on an id are left to Payload: its admin list searches `id` that way in
 * a collection without a title field.
 */
import type { CollectionBeforeOperationHook, Payload, SanitizedCollectionConfig } from 'payload'

import { APIError } from 'payload'

import { collectionNamed, idProblem, isObjectId, MAX_NUMERIC_ID } from './documentIds'
import { type FieldKind, fieldKind, type WhereScope } from './queryParams'
import { type Problem, quote } from './refuse'

/** Operators that compare an id with the values given; each value must be an id of that collection. */
const COMPARED_AS_IDS = new Set(['all', 'equals', 'in', 'not_equals', 'not_in'])
const ORDERED = new Set(['greater_than', 'greater_than_equal', 'less_than', 'less_than_equal'])
const LISTS = new Set(['all', 'in', 'not_in'])

/** The first condition in `where` whose value cannot be an id of the collection it compares with; null when there is none. */
export function whereIdsProblem(payload: Payload, where: unknown, scope: WhereScope, at = 'where'): null | Problem {
  if (!isObject(where)) return null
  for (const [key, constraint] of Object.entries(where)) {
    if (key.toLowerCase() === 'and' || key.toLowerCase() === 'or') {
      const items = Array.isArray(constraint) ? constraint : isObject(constraint) ? Object.values(constraint) : []
      for (const [index, item] of items.entries()) {
        const problem = whereIdsProblem(payload, item, scope, `${at}.${key}[${index}]`)
        if (problem) return problem
      }
      continue
    }
    if (!isObject(constraint)) continue
    const kind = kindOf(payload, scope, key)
    if (kind?.type === 'refused') return { message: kind.reason, path: `${at}.${key}` }
    if (kind?.type !== 'id') continue
    for (const [operator, value] of Object.entries(constraint)) {
      const problem = conditionProblem(payload, kind, operator, value, `${at}.${key}.${operator}`)
      if (problem) return problem
    }
  }
  return null
}

/**
 * Payload's hooks are told `read` for a find of versions as for a find of documents, so a path
 * the collection does not have is read as a version path (`parent`, `version.…`) when it keeps
 * versions. Where both could apply (a field named `parent`), either names ids of the same kind.
 */
function kindOf(payload: Payload, scope: WhereScope, path: string): FieldKind | undefined {
  const kind = fieldKind(payload, scope, path)
  if (kind || scope.versions || !scope.collection?.versions) return kind
  return fieldKind(payload, { ...scope, versions: true }, path)
}

function conditionProblem(payload: Payload, kind: FieldKind & { type: 'id' }, operator: string, value: unknown, path: string): null | Problem {
  // On a has-many relationship `contains` means "one of them is"; a nested where there is Payload's to check.
  const compared = COMPARED_AS_IDS.has(operator) || (operator === 'contains' && kind.hasMany && !isObject(value))
  if (!compared && !ORDERED.has(operator)) return null
  const values = LISTS.has(operator) && typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value]
  for (const each of values) {
    // `equals: null` (`null` or nothing in a query string) asks for documents where it is not set.
    if (each === null || each === undefined || ((each === '' || each === 'null') && (operator === 'equals' || operator === 'not_equals'))) continue
    const problem = ORDERED.has(operator) && isWholeNumber(each) ? null : idValueProblem(payload, kind.idOf, each, path)
    if (problem) return problem
  }
  return null
}

function idValueProblem(payload: Payload, collection: string | undefined, value: unknown, path: string): null | Problem {
  if (typeof value === 'string' || typeof value === 'number') return idProblem(payload, collection, String(value), path)
  if (isObjectId(value)) return idProblem(payload, collection, String(value), path)
  return { message: `${quote(value)} is not a document id.`, path }
}

/** Comparisons order ids as numbers, so any integer a numeric id column holds will do (as in the REST guard). */
function isWholeNumber(value: unknown): boolean {
  const text = String(value)
  return /^-?\d{1,10}$/.test(text) && Math.abs(Number(text)) <= MAX_NUMERIC_ID
}

/** The first condition of a find's join `where`s (`joins: { sections: { where } }`) that cannot be an id. */
function joinsProblem(payload: Payload, joins: unknown, collection: SanitizedCollectionConfig): null | Problem {
  if (!isObject(joins)) return null
  for (const [name, join] of Object.entries(joins)) {
    if (!isObject(join) || join.where === undefined) continue
    const field = collection.flattenedFields.find((each) => each.name === name)
    if (field?.type !== 'join' || typeof field.collection !== 'string') continue
    const joined = collectionNamed(payload, field.collection)?.config
    if (!joined) continue
    const problem = whereIdsProblem(payload, join.where, { collection: joined, fields: joined.flattenedFields, versions: false }, `joins.${name}.where`)
    if (problem) return problem
  }
  return null
}

/**
 * Refuses an operation whose `where` compares an id or a relationship with a value that cannot
 * be an id there, with a 400 in the shape of the REST request guard's refusals. Payload's own
 * lookups (population, relationship validation) pass `disableErrors` with stored ids; they are
 * left alone, as the where size check leaves them.
 */
export const refuseNonIdsInWhere: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  const { disableErrors, joins, where } = args as { disableErrors?: boolean; joins?: unknown; where?: unknown }
  if (disableErrors === true || (where === undefined && joins === undefined)) return args
  const versions = operation === 'countVersions'
  const problem =
    whereIdsProblem(req.payload, where, { collection, fields: collection.flattenedFields, versions }) ??
    (operation === 'read' ? joinsProblem(req.payload, joins, collection) : null)
  if (problem) throw new APIError(`${problem.path}: ${problem.message}`, 400, { errors: [problem] }, true)
  return args
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
