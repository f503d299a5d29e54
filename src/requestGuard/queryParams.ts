/**
 * The query string of a REST read or bulk write: `limit`, `page`, `depth`, `joins`, `select`,
 * `populate` and `where`. Payload
 * passes numbers on as JavaScript reads them (`1e400` is Infinity, `99999999999999999999` does
 * not fit a database integer) and `where` values as they come, whatever the field: a value a
 * field cannot hold either failed the query (500) or, worse, dropped the condition — and a bulk
 * PATCH or DELETE whose condition is dropped reaches every document.
 */
import type { FlattenedField, Payload, SanitizedCollectionConfig, SanitizedGlobalConfig } from 'payload'

import { validOperatorSet } from 'payload/shared'

import { collectionNamed, idProblem, MAX_NUMERIC_ID } from './documentIds'
import { type Problem, quote } from './refuse'

/** Larger pages than this are exports, which have their own endpoints; the offset stays a safe integer. */
const MAX_LIMIT = 1_000_000
const NUMBER_PARAMS = { depth: { max: 1_000, min: 0 }, limit: { max: MAX_LIMIT, min: 0 }, page: { max: MAX_NUMERIC_ID, min: 1 } } as const

/** `name`'s value if it is a whole number in range; otherwise the problem, naming the parameter. */
function wholeNumberProblem(name: keyof typeof NUMBER_PARAMS, value: unknown): null | Problem {
  const { max, min } = NUMBER_PARAMS[name]
  if (typeof value === 'string' && /^\d{1,16}$/.test(value.trim()) && Number(value) >= min && Number(value) <= max) return null
  return { message: `${quote(value)} is not allowed; ${name} must be a whole number from ${min} to ${max}.`, path: name }
}

export type QueryTarget = { collection?: SanitizedCollectionConfig; global?: SanitizedGlobalConfig; versions: boolean }

/** `query`: parsed the way Payload parses it (qs, brackets to objects). */
export function queryProblem(payload: Payload, query: Record<string, unknown>, target: QueryTarget): null | Problem {
  for (const name of Object.keys(NUMBER_PARAMS) as (keyof typeof NUMBER_PARAMS)[]) {
    if (name in query) {
      const problem = wholeNumberProblem(name, query[name])
      if (problem) return problem
    }
  }
  const shapeProblem = joinsProblem(query.joins) ?? selectProblem(query.select, 'select') ?? populateProblem(payload, query.populate)
  if (shapeProblem) return shapeProblem
  if (!('where' in query)) return null
  let where = query.where
  if (typeof where === 'string') {
    try {
      where = JSON.parse(where)
    } catch {
      where = undefined
    }
  }
  if (!isPlainObject(where)) {
    return { message: 'must be an object: where[field][operator]=value, or JSON such as {"title":{"equals":"…"}}.', path: 'where' }
  }
  const fields = target.collection?.flattenedFields ?? target.global?.flattenedFields
  return fields ? whereProblem(payload, where, { ...target, fields }, 'where', 0) : null
}

/** `joins[field][limit|page|count|sort|where]`, or `joins[field]=false`; Payload reads any other value as a join (`joins=false` as joins named 0 to 4). */
function joinsProblem(joins: unknown): null | Problem {
  if (joins === undefined || joins === '') return null
  if (!isPlainObject(joins)) return { message: 'must name joins: joins[field][limit]=10, or joins[field]=false to leave one out.', path: 'joins' }
  for (const [field, join] of Object.entries(joins)) {
    const path = `joins[${field}]`
    if (join === 'false') continue
    if (!isPlainObject(join)) return { message: `${quote(join)} is not allowed; give joins[${field}][limit], [page], [sort], [count], [where], or false.`, path }
    for (const name of ['limit', 'page'] as const) {
      if (name in join) {
        const problem = wholeNumberProblem(name, join[name])
        if (problem) return { ...problem, path: `${path}[${name}]` }
      }
    }
    if ('count' in join && join.count !== 'true' && join.count !== 'false') return { message: `${quote(join.count)} is not allowed; count is true or false.`, path: `${path}[count]` }
  }
  return null
}

/** `select[field]=true|false`, nested for groups, tabs and blocks (`select[group][field]=true`). */
function selectProblem(select: unknown, path: string): null | Problem {
  if (select === undefined || select === '') return null
  if (!isPlainObject(select)) return { message: `${quote(select)} is not allowed; name fields: ${path}[field]=true (or false to leave one out).`, path }
  for (const [field, value] of Object.entries(select)) {
    if (value === 'true' || value === 'false') continue
    const problem = isPlainObject(value) ? selectProblem(value, `${path}[${field}]`) : { message: `${quote(value)} is not allowed; a field is selected with true or false.`, path: `${path}[${field}]` }
    if (problem) return problem
  }
  return null
}

/** `populate[collection][field]=true`: which fields of a related collection's documents to populate. */
function populateProblem(payload: Payload, populate: unknown): null | Problem {
  if (populate === undefined || populate === '') return null
  if (!isPlainObject(populate)) return { message: `${quote(populate)} is not allowed; name a collection and its fields: populate[collection][field]=true.`, path: 'populate' }
  for (const [slug, select] of Object.entries(populate)) {
    if (!collectionNamed(payload, slug)) return { message: `${quote(slug)} is not a collection.`, path: `populate[${slug}]` }
    const problem = selectProblem(select, `populate[${slug}]`)
    if (problem) return problem
  }
  return null
}

const MAX_WHERE_NESTING = 16
const ID_OPERATORS = new Set(['all', 'equals', 'exists', 'greater_than', 'greater_than_equal', 'in', 'less_than', 'less_than_equal', 'not_equals', 'not_in'])
const LIST_OPERATORS = new Set(['all', 'in', 'not_in'])
const GEO_OPERATORS = new Set(['intersects', 'near', 'within'])
const TEXT_OPERATORS = new Set(['contains', 'like', 'not_like'])

export type WhereScope = QueryTarget & { fields: FlattenedField[] }

function whereProblem(payload: Payload, where: Record<string, unknown>, scope: WhereScope, at: string, nesting: number): null | Problem {
  if (nesting > MAX_WHERE_NESTING) return { message: `and/or may nest at most ${MAX_WHERE_NESTING} levels.`, path: at }
  for (const [key, constraint] of Object.entries(where)) {
    const path = `${at}[${key}]`
    if (key.toLowerCase() === 'and' || key.toLowerCase() === 'or') {
      const items = Array.isArray(constraint) ? constraint : isPlainObject(constraint) ? Object.values(constraint) : null
      if (!items) return { message: 'must be a list of conditions.', path }
      for (const [index, item] of items.entries()) {
        if (!isPlainObject(item)) return { message: 'must be a condition object.', path: `${path}[${index}]` }
        const problem = whereProblem(payload, item, scope, `${path}[${index}]`, nesting + 1)
        if (problem) return problem
      }
      continue
    }
    if (!isPlainObject(constraint)) return { message: 'needs an operator: where[field][operator]=value.', path }
    const kind = fieldKind(payload, scope, key)
    for (const [operator, value] of Object.entries(constraint)) {
      // Unknown operators and paths: Payload answers those itself with a 400 naming them.
      if (!validOperatorSet.has(operator as never) || !kind) continue
      const problem = conditionProblem(payload, kind, operator, value, `${path}[${operator}]`)
      if (problem) return problem
    }
  }
  return null
}

/** What a where path compares against, as far as the checks need to know. */
export type FieldKind =
  | { hasMany: boolean; idOf?: string; type: 'id' }
  | { hasMany: boolean; type: 'checkbox' | 'date' | 'join' | 'number' | 'other' | 'point' | 'text' }
  /** A path Payload cannot query (it would answer a 500), with what to ask instead. */
  | { hasMany: false; reason: string; type: 'refused' }

const TEXT_TYPES = new Set(['code', 'email', 'json', 'radio', 'richText', 'select', 'text', 'textarea'])

export function fieldKind(payload: Payload, scope: WhereScope, path: string): FieldKind | undefined {
  // Payload reads `__` in a where path as `.` (`petition__id` is `petition.id`).
  let segments = path.replaceAll('__', '.').split('.')
  if (scope.versions) {
    if (segments[0] === 'parent' && segments.length === 1) return { hasMany: false, idOf: scope.collection?.slug, type: 'id' }
    if (segments[0] === 'latest' || segments[0] === 'autosave') return { hasMany: false, type: 'checkbox' }
    if (segments[0] === 'version') segments = segments.slice(1)
    else if (segments[0] !== 'id' && segments[0] !== 'createdAt' && segments[0] !== 'updatedAt') return undefined
  }
  let fields = scope.fields
  let collection = scope.collection
  /** Inside an array or blocks field, whose rows have text ids of their own. */
  let inRows = false
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1
    if ((segment === 'id' || segment === '_id') && last) return inRows ? { hasMany: false, type: 'text' } : { hasMany: false, idOf: collection?.slug, type: 'id' }
    const field = fields.find((each) => 'name' in each && each.name === segment)
    if (!field) return undefined
    const hasMany = 'hasMany' in field && Boolean(field.hasMany)
    if (field.type === 'relationship' || field.type === 'upload') {
      if (typeof field.relationTo !== 'string') return undefined
      const related = collectionNamed(payload, field.relationTo)?.config
      if (!related) return undefined
      if (last) return { hasMany, idOf: related.slug, type: 'id' }
      ;[fields, collection, inRows] = [related.flattenedFields, related, false]
      continue
    }
    if (field.type === 'join' && collection !== scope.collection) {
      return { hasMany: false, reason: `${segment} lists documents of another collection and can be queried only on ${collection?.slug ?? 'its own collection'} itself.`, type: 'refused' }
    }
    if (last && (field.type === 'blocks' || field.type === 'array')) {
      return { hasMany: false, reason: `${segment} holds rows; query a field inside them (e.g. ${segment}.id${field.type === 'blocks' ? ` or ${segment}.blockType` : ''}).`, type: 'refused' }
    }
    if (field.type === 'blocks' || field.type === 'array') inRows = true
    if (last) {
      if (field.type === 'number' || field.type === 'date' || field.type === 'checkbox' || field.type === 'point' || field.type === 'join') {
        return { hasMany, type: field.type }
      }
      return { hasMany, type: TEXT_TYPES.has(field.type) ? 'text' : 'other' }
    }
    if (field.type === 'blocks') {
      fields = field.blocks.flatMap((block) => (typeof block === 'string' ? [] : block.flattenedFields))
      continue
    }
    if ('flattenedFields' in field) {
      fields = field.flattenedFields
      continue
    }
    // A path into a JSON or rich-text value: Payload queries inside it as text.
    return field.type === 'json' || field.type === 'richText' ? { hasMany: false, type: 'other' } : undefined
  }
  return undefined
}

function conditionProblem(payload: Payload, kind: FieldKind, asked: string, value: unknown, path: string): null | Problem {
  let operator = asked
  const fieldType = kind.type === 'id' ? 'an id' : `a ${kind.type}`
  if (GEO_OPERATORS.has(operator) && kind.type !== 'point') return { message: `${operator} applies to point (geographic) fields only; this is ${fieldType}.`, path }
  if (kind.type === 'refused') return { message: kind.reason, path }
  if (kind.type === 'point' || kind.type === 'join' || kind.type === 'other') return null
  // On a has-many field `contains` means "one of them is", or takes a nested where Payload checks itself.
  if (operator === 'contains' && kind.hasMany) {
    if (isPlainObject(value) || kind.type !== 'id') return null
    operator = 'equals'
  }
  if (TEXT_OPERATORS.has(operator) && kind.type !== 'text') return { message: `${operator} applies to text fields only; this is ${fieldType}.`, path }
  if (operator === 'exists') {
    return ['true', 'false', true, false].includes(value as string) ? null : { message: `${quote(value)} is not allowed; exists takes true or false.`, path }
  }
  const values = LIST_OPERATORS.has(operator) && typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value]
  if (values.length > 1 && !LIST_OPERATORS.has(operator) && !(kind.type === 'id' && (operator === 'equals' || operator === 'not_equals'))) {
    return { message: `${operator} takes one value; in, not_in and all take a list.`, path }
  }
  for (const each of values) {
    // JSON `where` (a string parameter) may hold numbers, booleans and null; brackets give text.
    if (typeof each === 'object' && each !== null) return { message: `${quote(each)} is not a value; send text (where[field][${operator}]=value).`, path }
    const text = String(each)
    // eslint-disable-next-line no-control-regex
    if (/\u0000/.test(text)) return { message: 'a NUL character is not allowed in a query value.', path }
    const problem = valueProblem(payload, kind, operator, text, path)
    if (problem) return problem
  }
  return null
}

function valueProblem(payload: Payload, kind: FieldKind, operator: string, value: string, path: string): null | Problem {
  const comparesToNothing = (operator === 'equals' || operator === 'not_equals') && (value === 'null' || value === '')
  switch (kind.type) {
    case 'checkbox':
      return value === 'true' || value === 'false' ? null : { message: `${quote(value)} is not allowed; a checkbox is true or false.`, path }
    case 'date':
      return comparesToNothing || !Number.isNaN(new Date(value).getTime())
        ? null
        : { message: `${quote(value)} is not a date; use ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.`, path }
    case 'id':
      if (comparesToNothing) return null
      if (!ID_OPERATORS.has(operator)) return { message: `${operator} does not apply to ids.`, path }
      // Comparisons order ids as numbers, so any integer the column holds will do.
      if (operator.startsWith('greater') || operator.startsWith('less')) {
        return /^-?\d{1,10}$/.test(value) && Math.abs(Number(value)) <= MAX_NUMERIC_ID ? null : idProblem(payload, kind.idOf, value, path)
      }
      return idProblem(payload, kind.idOf, value, path)
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? null : { message: `${quote(value)} is not a number.`, path }
    default:
      return null
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
