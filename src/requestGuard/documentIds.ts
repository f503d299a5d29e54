/**
 * Document ids in REST paths (`/api/articles/:id`, `/versions/:id`, our `/:id/signers`, …).
 * Anything Payload reads as an id reached the database as it came: `abc` or `Infinity` failed
 * the query (500), `1%00` matched document 1 on SQLite (so a DELETE of `1%00` deleted it), and
 * 99999999999 overflowed PostgreSQL's integer column.
 */
import type { Collection, Payload } from 'payload'

import { type Problem, quote } from './refuse'

/** PostgreSQL's `serial` ids are 32-bit; SQLite's never get near it in practice. */
export const MAX_NUMERIC_ID = 2_147_483_647

const OBJECT_ID = /^[\da-f]{24}$/i

/** Whether `value` is a MongoDB ObjectId: its 24 hexadecimal digits, or the driver's object. */
export function isObjectId(value: unknown): boolean {
  if (typeof value === 'string') return OBJECT_ID.test(value)
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId'
}

/** `collection`: whose ids; none for version ids, which are always the database's own kind. */
export function idProblem(payload: Payload, collection: string | undefined, value: string, path = 'id'): null | Problem {
  const customIDType = collection ? collectionNamed(payload, collection)?.customIDType : undefined
  const idType = customIDType ?? payload.db.defaultIDType
  if (idType === 'number') {
    if (/^\d{1,10}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_NUMERIC_ID) return null
    return { message: `${quote(value)} is not a document id; ids are whole numbers from 1 to ${MAX_NUMERIC_ID}.`, path }
  }
  // MongoDB's own ids are ObjectIds, and Payload's MongoDB adapter drops a condition on any other
  // single id (`where[id][equals]=abc` matched every document, so a bulk DELETE would remove them
  // all) and fails to cast a list of them (500); a path id like `abc` answered 404 naming nothing.
  if (!customIDType && payload.db.name === 'mongoose') {
    if (isObjectId(value)) return null
    return { message: `${quote(value)} is not a document id; ids are 24 hexadecimal digits (MongoDB ObjectIds).`, path }
  }
  // eslint-disable-next-line no-control-regex
  if (value && !/[\u0000-\u001f\u007f/]/.test(value)) return null
  return { message: `${quote(value)} is not a document id.`, path }
}

/** Looks a collection up by a slug that came from a request (and so may name none). */
export function collectionNamed(payload: Payload, slug: string): Collection | undefined {
  return (payload.collections as Record<string, Collection | undefined>)[slug]
}
