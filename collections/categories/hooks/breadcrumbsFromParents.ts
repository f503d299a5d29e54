import type { FieldHook } from 'payload'

import { relationId } from '../../../src/utilities/relationId'
import { walkParents } from './walkParents'

/**
 * Breadcrumbs are read, not stored: renaming or moving a category can never leave its
 * descendants with stale trails. Categories are few and shallow, so the walk is cheap.
 */
export const breadcrumbsFromParents: FieldHook = async ({ req, siblingData }) => {
  // A read that selected only some fields (GraphQL selects what the query names) may have
  // left out the ones the trail is made of: then the category is walked from itself.
  const partial = siblingData && !('parent' in siblingData && 'name' in siblingData && 'slug' in siblingData)
  if (partial && siblingData.id !== undefined) {
    return (await walkParents(req, siblingData.id)).reverse().map((step) => ({ name: step.name, slug: step.slug ?? null }))
  }
  const parentId = relationId(siblingData?.parent)
  const ancestors = parentId === undefined ? [] : (await walkParents(req, parentId)).reverse()
  const self = siblingData?.id ? [{ id: siblingData.id, name: siblingData.name, slug: siblingData.slug }] : []
  return [...ancestors, ...self].map((step) => ({ name: step.name, slug: step.slug ?? null }))
}
