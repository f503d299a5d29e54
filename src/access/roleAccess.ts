/**
 * Access functions every content type reuses, named for who they let through.
 */
import type { Access } from 'payload'

import { hasRole } from './roles'

export const anyone: Access = () => true

export const nobody: Access = () => false

/** Any signed-in author, editor or admin. */
export const isStaff: Access = ({ req }) => hasRole(req.user, 'admin', 'editor', 'author')
