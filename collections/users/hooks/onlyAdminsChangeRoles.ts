import type { FieldHook } from 'payload'

import { forbiddenField } from '../../../src/access/forbiddenField'
import { hasRole } from '../../../src/access/roles'

/**
 * Roles are given by admins. Field access alone would drop a non-admin's `roles` silently and
 * answer 200; this refuses the attempt instead (403 naming `roles`), before field access runs.
 * Sending the roles one already holds (as the admin's profile form does) is not a change.
 */
export const onlyAdminsChangeRoles: FieldHook = ({ field, operation, overrideAccess, previousValue, req, siblingData, value }) => {
  if (overrideAccess || hasRole(req.user, 'admin') || siblingData?.roles === undefined) return value
  const current = operation === 'create' ? ('defaultValue' in field ? field.defaultValue : []) : previousValue
  const asSet = (list: unknown) => new Set((Array.isArray(list) ? list : [list]).filter((role) => role != null).map(String))
  const [before, after] = [asSet(current), asSet(value)]
  if (before.size !== after.size || [...after].some((role) => !before.has(role))) {
    throw forbiddenField('roles', 'only an admin can change roles.')
  }
  return value
}
