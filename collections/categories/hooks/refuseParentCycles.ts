import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import { relationId } from '../../../src/utilities/relationId'
import { walkParents } from './walkParents'

/** A category cannot be its own ancestor: the nesting must stay a tree. */
export const refuseParentCycles: CollectionBeforeValidateHook = async ({ collection, data, originalDoc, req }) => {
  const id = originalDoc?.id
  const parentId = relationId(data?.parent)
  if (id === undefined || parentId === undefined) return data
  const ancestors = await walkParents(req, parentId)
  if (String(parentId) === String(id) || ancestors.some((step) => String(step.id) === String(id))) {
    throw new ValidationError({
      collection: collection.slug,
      errors: [{ message: 'A category cannot be nested under itself or one of its own subcategories.', path: 'parent' }],
    })
  }
  return data
}
