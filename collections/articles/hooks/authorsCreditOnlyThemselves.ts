import type { FieldHook } from 'payload'

import { canChangeLiveContent } from '../../../src/access/liveContent'
import { forbiddenField } from '../../../src/access/forbiddenField'
import { relationId } from '../../../src/utilities/relationId'

/**
 * Who an article is credited to is the editors' call: an author may add or remove only
 * themselves, never name (or drop) anyone else. Runs before field access and on every write
 * that sets `authors` — create, duplicate, update by id or `where`, version restore — so a
 * stale version naming others cannot bring them back either. A new article's list is compared
 * with an empty one.
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

/**
 * A duplicate made by an author credits that author alone. Payload fills the fields a duplicate
 * request leaves out from the copied article after `authorsCreditOnlyThemselves` has checked the
 * request, so without this an author could copy an article crediting only others and leave it
 * to them (the author could not even read the copy). Editors and admins keep the credits.
 * Payload does not tell this hook whether access is overridden; the user making the copy decides.
 */
export const duplicateCreditsOnlyTheAuthor: FieldHook = ({ req, value }) => {
  if (!req.user || req.user.collection !== 'users' || canChangeLiveContent(req.user)) return value
  return [req.user.id]
}
