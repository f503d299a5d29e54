import type { Access } from 'payload'

import { hasRole } from '../../src/access/roles'

/** Admins and editors see every account; an author sees only their own; visitors none. */
export const readUsers: Access = ({ req }) => {
  if (!req.user) return false
  if (hasRole(req.user, 'admin', 'editor')) return true
  return { id: { equals: req.user.id } }
}

/** Admins edit every account; everyone else only their own profile. */
export const updateUsers: Access = ({ req }) => {
  if (!req.user) return false
  if (hasRole(req.user, 'admin')) return true
  return { id: { equals: req.user.id } }
}
