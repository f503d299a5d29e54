import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import { relationId } from '../../../src/utilities/relationId'

/**
 * A related link points at one of our articles (`to`) or at a headline elsewhere
 * (`external.title`, often without a URL in saved pages) — exactly one of the two — and never
 * at its own article.
 */
export const linkTargetRequired: CollectionBeforeValidateHook = ({ collection, data, originalDoc }) => {
  const merged = { ...originalDoc, ...data }
  const to = relationId(merged.to)
  const externalTitle = typeof merged.external?.title === 'string' ? merged.external.title.trim() : ''
  const fail = (path: string, message: string) => {
    throw new ValidationError({ collection: collection.slug, errors: [{ message, path }] })
  }
  if (to === undefined && !externalTitle) fail('to', 'A related link needs an article (`to`) or an external headline (`external.title`).')
  if (to !== undefined && externalTitle) fail('external.title', 'A related link points at an article or an external headline, not both.')
  if (to !== undefined && String(to) === String(relationId(merged.from))) fail('to', 'An article cannot be related to itself.')
  return data
}
