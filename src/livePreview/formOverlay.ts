/**
 * The editor's unsaved form, as the admin posts it to the preview, read into the article
 * fields the page shows. Everything else the form holds (authors, slug, status, joins) is
 * ignored. A value of the wrong shape is a Problem naming its field, never a crash later in
 * the renderer: a date that is no date, a rich text without its root, an id that cannot be one.
 */
import type { Payload } from 'payload'

import type { ArticleOverlay } from '../articlePage/index'

import { CATEGORIES, MEDIA, PETITIONS } from '../../collections/slugs'
import { idProblem } from '../requestGuard/documentIds'
import { type Problem, quote } from '../requestGuard/refuse'

/** More than any article has; a longer list is not a form's. */
const MAX_CATEGORIES = 100

const SOURCE_TEXTS = ['outlet', 'url', 'byline'] as const

type Read<T> = { ok: true; value: T } | { ok: false; problem: Problem }

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`)
const wrong = (path: string, value: unknown, wanted: string): { ok: false; problem: Problem } => ({
  ok: false,
  problem: { message: `is ${kind(value)}${typeof value === 'string' ? ` (${quote(value)})` : ''}; ${wanted}.`, path },
})

function text(value: unknown, path: string): Read<null | string> {
  if (value === null || value === undefined) return { ok: true, value: null }
  return typeof value === 'string' ? { ok: true, value } : wrong(path, value, 'give text or null')
}

/** A relationship value as the form holds it: an id, or a populated document carrying one. */
function relation(payload: Payload, collection: string, value: unknown, path: string): Read<null | number | string> {
  if (value === null || value === undefined || value === '') return { ok: true, value: null }
  const id = isObject(value) ? (value.id ?? value.value) : value
  if (typeof id !== 'number' && typeof id !== 'string') return wrong(path, value, `give the id of a document of ${collection} or null`)
  const problem = idProblem(payload, collection, String(id), path)
  return problem ? { ok: false, problem } : { ok: true, value: id }
}

/** A Lexical value: a root node whose nodes are objects with a `type` and, if any, an array of children. */
function richTextProblem(value: unknown, path: string): null | Problem {
  if (!isObject(value) || !isObject(value.root) || value.root.type !== 'root') return { message: 'is not a rich-text value; give {"root": {"type": "root", "children": […]}} or null.', path }
  const pending: { node: unknown; at: string }[] = [{ at: `${path}.root`, node: value.root }]
  while (pending.length > 0) {
    const { at, node } = pending.pop()!
    if (!isObject(node) || typeof node.type !== 'string') return { message: `${at}: a rich-text node is an object with a "type".`, path }
    if (node.children === undefined) continue
    if (!Array.isArray(node.children)) return { message: `${at}.children is ${kind(node.children)}; a node's children are an array.`, path }
    node.children.forEach((child, index) => pending.push({ at: `${at}.children[${index}]`, node: child }))
  }
  return null
}

/** `body`: the JSON object posted; its `data` is the form. */
export function readFormOverlay(payload: Payload, body: Record<string, unknown> | undefined): Read<ArticleOverlay> {
  const data = body?.data
  if (!isObject(data)) return wrong('data', data, "give the article's form values as an object")
  const overlay: ArticleOverlay = {}

  if ('title' in data) {
    const title = text(data.title, 'title')
    if (!title.ok) return title
    overlay.title = title.value ?? ''
  }
  if ('summary' in data) {
    const summary = text(data.summary, 'summary')
    if (!summary.ok) return summary
    overlay.summary = summary.value
  }
  if ('body' in data) {
    const problem = data.body === null || data.body === undefined ? null : richTextProblem(data.body, 'body')
    if (problem) return { ok: false, problem }
    overlay.body = data.body ?? null
  }
  if ('source' in data && data.source !== undefined) {
    const source = data.source ?? {}
    if (!isObject(source)) return wrong('source', source, 'give an object with outlet, url, publishedAt and byline')
    const read: NonNullable<ArticleOverlay['source']> = {}
    for (const name of SOURCE_TEXTS) {
      const value = text(source[name], `source.${name}`)
      if (!value.ok) return value
      read[name] = value.value
    }
    const publishedAt = text(source.publishedAt, 'source.publishedAt')
    if (!publishedAt.ok) return publishedAt
    if (publishedAt.value && Number.isNaN(Date.parse(publishedAt.value))) return wrong('source.publishedAt', publishedAt.value, 'give a date and time (ISO 8601) or null')
    read.publishedAt = publishedAt.value || null
    overlay.source = read
  }
  if ('categories' in data && data.categories !== undefined) {
    const categories = data.categories ?? []
    if (!Array.isArray(categories)) return wrong('categories', categories, 'give a list of category ids')
    if (categories.length > MAX_CATEGORIES) return { ok: false, problem: { message: `holds ${categories.length} categories; an article has at most ${MAX_CATEGORIES}.`, path: 'categories' } }
    const ids: (number | string)[] = []
    for (const [index, value] of categories.entries()) {
      const id = relation(payload, CATEGORIES, value, `categories.${index}`)
      if (!id.ok) return id
      if (id.value !== null) ids.push(id.value)
    }
    overlay.categories = ids
  }
  for (const [name, collection] of [['heroImage', MEDIA], ['petition', PETITIONS]] as const) {
    if (!(name in data) || data[name] === undefined) continue
    const id = relation(payload, collection, data[name], name)
    if (!id.ok) return id
    overlay[name] = id.value
  }
  return { ok: true, value: overlay }
}

