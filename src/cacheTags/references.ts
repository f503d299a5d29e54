/**
 * The documents a read document points at through its relationship, upload and join fields,
 * populated or not. An answer that shows only an id still changes when that document does: it
 * is deleted (the id goes), or published (a reader who could not see it now gets it populated).
 */
import type { FlattenedField } from 'payload'

export type Reference = { collection: string; id: unknown }

type Blocks = { blocks?: { flattenedFields: FlattenedField[]; slug: string }[] }

/** Every reference in `value` (a document or part of one) whose fields are `fields`. */
export function references(fields: readonly FlattenedField[], value: unknown, found: Reference[] = []): Reference[] {
  if (!value || typeof value !== 'object') return found
  const data = value as Record<string, unknown>
  for (const field of fields) {
    if (!('name' in field) || data[field.name] === undefined || data[field.name] === null) continue
    const fieldValue = data[field.name]
    switch (field.type) {
      case 'relationship':
      case 'upload':
        for (const item of asList(fieldValue)) pointer(field.relationTo, item, found)
        break
      case 'join': {
        const docs = (fieldValue as { docs?: unknown[] }).docs
        for (const item of Array.isArray(docs) ? docs : []) pointer(field.collection, item, found)
        break
      }
      case 'group':
      case 'tab':
        references(field.flattenedFields, fieldValue, found)
        break
      case 'array':
        for (const row of asList(fieldValue)) references(field.flattenedFields, row, found)
        break
      case 'blocks':
        for (const row of asList(fieldValue)) {
          const block = ((field as Blocks).blocks ?? []).find((candidate) => candidate.slug === (row as { blockType?: string })?.blockType)
          if (block) references(block.flattenedFields, row, found)
        }
        break
    }
  }
  return found
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])

/** One relationship value: an id, a populated document, or `{ relationTo, value }` when polymorphic. */
function pointer(relationTo: string | string[], item: unknown, found: Reference[]) {
  if (item === null || item === undefined) return
  if (Array.isArray(relationTo)) {
    const { relationTo: collection, value } = item as { relationTo?: string; value?: unknown }
    if (collection && value !== null && value !== undefined) found.push({ collection, id: idOf(value) })
    return
  }
  found.push({ collection: relationTo, id: idOf(item) })
}

const idOf = (value: unknown) => (typeof value === 'object' ? (value as { id?: unknown }).id : value)
