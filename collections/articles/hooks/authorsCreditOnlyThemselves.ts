import type { FieldHook } from 'payload'

import { canChangeLiveContent } from '../../../src/access/liveContent'
import { forbiddenField } from '../../../src/access/forbiddenField'
import { relationId } from '../../../src/utilities/relationId'

/**
 * Who an article is credited to is the editors' call: an author may add or remove only
 * themselves, never name (or drop) anyone else. Runs before field access and on every write
 * that sets `authors` — create, duplicate, update by id or `where`, version restore — so a
 * stale version naming others cannot bring them back either. A new article's list is compared
 * with an empty one: a duplicate does not inherit the credits of what it copies.
 */
export const authorsCreditOnlyThemselves: FieldHook = ({ operation, overrideAccess, previousValue, req, siblingData, value }) => {
  if (overrideAccess || canChangeLiveContent(req.user) || siblingData?.authors === undefined) return value
  const self = String(req.user?.id)
  const others = (list: unknown) =>
    new Set((Array.isArray(list) ? list : []).map((entry) => String(relationId(entry))).filter((id) => id !== self))
  const before = others(operation === 'create' ? [] : previousValue)
  const after = others(value)
  const same = before.size === after.size && [...after].every((id) => before.has(id))
  if (!same) {
    throw forbiddenField('authors', 'authors may credit only themselves; ask an editor to add or remove other authors.')
  }
  return value
}
