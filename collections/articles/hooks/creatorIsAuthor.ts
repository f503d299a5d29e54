import type { CollectionBeforeChangeHook } from 'payload'

/** An article someone writes is theirs: with no authors given, its creator is its author. */
export const creatorIsAuthor: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation !== 'create' || !req.user || (Array.isArray(data.authors) && data.authors.length > 0)) return data
  if (req.user.collection !== 'users') return data
  return { ...data, authors: [req.user.id] }
}
