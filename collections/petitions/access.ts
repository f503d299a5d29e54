import type { Access } from 'payload'

import { hasRole } from '../../src/access/roles'

/** Visitors see published petitions; every signed-in role reads all of them. */
export const readPetitions: Access = ({ req }) => {
  if (hasRole(req.user, 'admin', 'editor', 'author')) return true
  return { _status: { equals: 'published' } }
}
