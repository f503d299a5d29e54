/**
 * Whether a relationship or upload value names documents that exist: each id of the right kind
 * for its collection, and found there, with one query per target collection. Without this the
 * database's foreign key refuses a missing id with a 500, and a number that is no id at all
 * (1e300, NaN from "x") fails the query itself.
 */
import type { CollectionSlug, PayloadRequest, RelationshipField, UploadField } from 'payload'

import { isValidID } from 'payload'

import { isObjectId } from '../requestGuard/documentIds'
import { shown } from './valueProblem'

type Link = { collection: string; id: unknown }

/** PostgreSQL's generated ids are 32-bit integers: a larger number cannot be one, and would fail the lookup. */
const LARGEST_GENERATED_ID = 2 ** 31 - 1

export async function relationProblem(
  field: RelationshipField | UploadField,
  { previousValue, req, value }: { previousValue: unknown; req: PayloadRequest; value: unknown },
): Promise<string | undefined> {
  const links = linksIn(field, value)
  if (typeof links === 'string') return links
  for (const { collection, id } of links) {
    if (isIdOf(req, collection, id)) continue
    if (generatesNumberIds(req, collection)) return `ids in ${collection} are whole numbers from 1 to ${LARGEST_GENERATED_ID}; got ${shown(id)}.`
    if (generatesObjectIds(req, collection)) return `ids in ${collection} are 24 hexadecimal digits (MongoDB ObjectIds); got ${shown(id)}.`
    return `${shown(id)} is not an id in ${collection}.`
  }
  // Ids already stored are not looked up again: where nothing enforces links (MongoDB), a stale one must not block saving.
  const stored = linksIn(field, previousValue)
  const storedKeys = new Set(typeof stored === 'string' ? [] : stored.map(linkKey))
  const wanted = new Map<string, Set<string>>()
  for (const link of links) {
    if (storedKeys.has(linkKey(link))) continue
    wanted.set(link.collection, (wanted.get(link.collection) ?? new Set()).add(String(link.id)))
  }
  for (const [collection, ids] of wanted) {
    const { docs } = await req.payload.find({
      collection: collection as CollectionSlug,
      depth: 0,
      limit: 0,
      overrideAccess: true,
      pagination: false,
      req,
      select: {},
      where: { id: { in: [...ids] } },
    })
    const found = new Set(docs.map((doc) => String(doc.id)))
    const missing = [...ids].filter((id) => !found.has(id))
    if (missing.length > 0) return `${collection} has no document with id ${missing.join(', ')}.`
  }
  return undefined
}

/** The links a value holds, or what is wrong with its shape (a polymorphic link names its collection). */
function linksIn(field: RelationshipField | UploadField, value: unknown): Link[] | string {
  if (value === null || value === undefined) return []
  const items = (Array.isArray(value) ? value : [value]).filter((item) => item !== null && item !== undefined)
  const targets = field.relationTo
  if (typeof targets === 'string') return items.map((id) => ({ collection: targets, id }))
  const links: Link[] = []
  for (const item of items) {
    const { relationTo, value: id } = (typeof item === 'object' ? item : {}) as { relationTo?: unknown; value?: unknown }
    if (!targets.includes(relationTo as never)) {
      return `${shown(item)} must be { relationTo, value } with relationTo one of ${targets.join(', ')}.`
    }
    links.push({ collection: String(relationTo), id })
  }
  return links
}

const linkKey = ({ collection, id }: Link) => `${collection}:${String(id)}`

function generatesNumberIds(req: PayloadRequest, collection: string): boolean {
  return !req.payload.collections[collection as CollectionSlug]?.customIDType && req.payload.db.defaultIDType === 'number'
}

/** MongoDB's own ids; Payload takes any text for them, and the lookup then fails to cast it (500). */
function generatesObjectIds(req: PayloadRequest, collection: string): boolean {
  return !req.payload.collections[collection as CollectionSlug]?.customIDType && req.payload.db.name === 'mongoose'
}

function isIdOf(req: PayloadRequest, collection: string, id: unknown): boolean {
  if (generatesNumberIds(req, collection)) return Number.isSafeInteger(id) && (id as number) >= 1 && (id as number) <= LARGEST_GENERATED_ID
  if (generatesObjectIds(req, collection)) return isObjectId(id)
  const type = req.payload.collections[collection as CollectionSlug]?.customIDType ?? req.payload.db.defaultIDType
  if (typeof id === 'number') return type === 'number' && Number.isSafeInteger(id)
  return (typeof id === 'string' || (typeof id === 'object' && id !== null)) && isValidID(id as string, type)
}
