/**
 * Who sees and changes articles. Visitors see published articles only; authors see those
 * and their own drafts; editors and admins see everything.
 */
import type { Access, Where } from 'payload'

import { hasRole } from '../../src/access/roles'

const published: Where = { _status: { equals: 'published' } }

export const readArticles: Access = ({ req }) => {
  if (hasRole(req.user, 'admin', 'editor')) return true
  if (hasRole(req.user, 'author')) return { or: [published, { authors: { contains: req.user!.id } }] }
  return published
}

/** Authors change only articles they are an author of; what they may change is checked on save. */
export const updateArticles: Access = ({ req }) => {
  if (hasRole(req.user, 'admin', 'editor')) return true
  if (hasRole(req.user, 'author')) return { authors: { contains: req.user!.id } }
  return false
}

/** An author reads the versions of their own articles; visitors read none. */
export const readArticleVersions: Access = ({ req }) => {
  if (hasRole(req.user, 'admin', 'editor')) return true
  if (hasRole(req.user, 'author')) return { 'version.authors': { contains: req.user!.id } }
  return false
}
