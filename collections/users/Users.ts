import type { CollectionConfig, Field } from 'payload'

import { isAdmin, isAdminField } from '../../src/access/isAdmin'
import { ROLES } from '../../src/access/roles'
import { readUsers, updateUsers } from './access'
import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'
import { onlyAdminsChangeRoles } from './hooks/onlyAdminsChangeRoles'

export const USERS_SLUG = 'users'

const defaultUserFields: Field[] = [
  { name: 'name', type: 'text' },
  {
    name: 'roles',
    type: 'select',
    access: { create: isAdminField, update: isAdminField },
    // The create-first-user form has no one signed in, and that account becomes an admin
    // (makeFirstUserAdmin): the form says so instead of offering "Author".
    defaultValue: ({ user }) => (user ? ['author'] : ['admin']),
    hasMany: true,
    hooks: { beforeValidate: [onlyAdminsChangeRoles] },
    options: ROLES.map((role) => ({ label: role[0]!.toUpperCase() + role.slice(1), value: role })),
    saveToJWT: true,
  },
]

export function usersCollection({
  lockTimeMs,
  maxLoginAttempts,
}: {
  lockTimeMs: number
  maxLoginAttempts: number
}): CollectionConfig {
  return {
    slug: USERS_SLUG,
    access: {
      admin: ({ req }) => Boolean(req.user),
      create: isAdmin,
      delete: isAdmin,
      read: readUsers,
      // Unlocking undoes the lockout after failed logins: admins only, never the default any-user.
      unlock: isAdmin,
      update: updateUsers,
    },
    admin: { defaultColumns: ['name', 'email', 'roles'], group: 'Settings', useAsTitle: 'email' },
    auth: { lockTime: lockTimeMs, maxLoginAttempts },
    fields: defaultUserFields,
    hooks: { beforeChange: [makeFirstUserAdmin] },
  }
}
