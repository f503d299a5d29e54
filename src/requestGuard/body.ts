/**
 * The shape of a request body, checked before Payload reads it. Payload parses a body only when
 * its Content-Type is exactly `application/json` (or multipart) and trusts what it gets: any
 * other type, a JSON value that is not an object, a malformed `_payload` form field or a deeply
 * nested value reached its operations as `undefined`, `null` or a string and ended in a 500 or a
 * stack overflow.
 */
import { type Problem, quote } from './refuse'

/**
 * Deeper than any real document (a Lexical body nests about two levels per node; a list inside
 * a list inside a quote is a few dozen), far below what overflows the stack while Payload walks
 * the value (about 4,000 levels did).
 */
export const MAX_JSON_DEPTH = 256

export type BodyCheck = { ok: false; problem: Problem; status?: number } | { ok: true; request: Request }

type BodyKind = 'json' | 'multipart' | 'other'

function bodyKind(request: Request): BodyKind {
  const contentType = (request.headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase()
  if (contentType === 'application/json') return 'json'
  if (contentType.startsWith('multipart/')) return 'multipart'
  return 'other'
}

/** The deepest nesting of arrays and objects in JSON text, counted without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

/** Parses JSON that must be one object; `path` names it in the answer (`body`, `_payload`). */
export function readJsonObject(text: string, path: string): { ok: false; problem: Problem } | { ok: true; value: Record<string, unknown> } {
  const depth = jsonDepth(text)
  if (depth > MAX_JSON_DEPTH) {
    return { ok: false, problem: { message: `nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are allowed.`, path } }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, problem: { message: `is not valid JSON (${(error as Error).message}).`, path } }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: { message: `must be a JSON object ({ "field": value, … }); got ${describe(value)}.`, path } }
  }
  return { ok: true, value: value as Record<string, unknown> }
}

export type BodyRules = {
  /** Document writes (create, update) have nothing to write without a body. */
  required: boolean
}

/**
 * Checks a POST/PATCH/PUT body and returns the request Payload should get: the same one, or a
 * copy whose Content-Type Payload recognises (`APPLICATION/JSON; charset=UTF-8` → `application/json`).
 */
export async function checkBody(request: Request, rules: BodyRules): Promise<BodyCheck> {
  const kind = bodyKind(request)
  if (kind === 'multipart') return checkMultipart(request)
  // Clients send empty bodies with all sorts of types (fetch labels '' text/plain): only the content counts.
  const text = request.body === null ? '' : await request.clone().text()
  if (!text.trim()) {
    if (!rules.required) return { ok: true, request }
    return { ok: false, problem: { message: 'this request needs a body: a JSON object sent as Content-Type: application/json.', path: 'body' } }
  }
  if (kind !== 'json') {
    const sent = request.headers.get('content-type')
    return {
      ok: false,
      problem: {
        message: `${sent ? quote(sent) : '(none)'} is not accepted; send a JSON object as application/json, or multipart/form-data with the JSON in a _payload field.`,
        path: 'Content-Type',
      },
      status: 415,
    }
  }
  const read = readJsonObject(text, 'body')
  if (!read.ok) return read
  // Payload reads a body only when the type is exactly `application/json`.
  const exact = request.headers.get('content-type') === 'application/json'
  return { ok: true, request: exact ? request : withJsonBody(request, text) }
}

async function checkMultipart(request: Request): Promise<BodyCheck> {
  let form: FormData
  try {
    form = await request.clone().formData()
  } catch {
    return { ok: false, problem: { message: 'is not a well-formed multipart/form-data body.', path: 'body' } }
  }
  const payloadField = form.get('_payload')
  if (payloadField === null) return { ok: true, request }
  if (typeof payloadField !== 'string') return { ok: false, problem: { message: 'must be a JSON object as text, not a file.', path: '_payload' } }
  const read = readJsonObject(payloadField, '_payload')
  return read.ok ? { ok: true, request } : read
}

function withJsonBody(request: Request, text: string): Request {
  const headers = new Headers(request.headers)
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  return new Request(request.url, { body: text, headers, method: request.method, signal: request.signal })
}
