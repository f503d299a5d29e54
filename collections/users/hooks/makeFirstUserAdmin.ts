import type { CollectionBeforeChangeHook } from 'payload'

/**
 * The first account of a new site must be able to administer it, whatever the sign-up form
 * sent; later accounts keep the roles an admin gives them.
 */
export const makeFirstUserAdmin: CollectionBeforeChangeHook = async ({ collection, data, operation, req }) => {
  if (operation !== 'create') return data
  const { totalDocs } = await req.payload.count({ collection: collection.slug, overrideAccess: true, req })
  if (totalDocs === 0) return { ...data, roles: ['admin'] }
  return data
}
