import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import type { SectionKind } from '../kinds'

import { relationId } from '../../../src/utilities/relationId'

/** An article has at most one section of each kind, unless the kind allows more. */
export const onePerKind =
  (kinds: SectionKind[]): CollectionBeforeValidateHook =>
  async ({ collection, data, originalDoc, req }) => {
    const kind = data?.kind ?? originalDoc?.kind
    const article = relationId(data?.article ?? originalDoc?.article)
    const registered = kinds.find((candidate) => candidate.value === kind)
    if (!registered || registered.allowMultiple || article === undefined) return data
    const { docs } = await req.payload.find({
      collection: collection.slug,
      depth: 0,
      limit: 1,
      overrideAccess: true,
      pagination: false,
      req,
      select: {},
      where: {
        and: [
          { article: { equals: article } },
          { kind: { equals: kind } },
          ...(originalDoc?.id !== undefined ? [{ id: { not_equals: originalDoc.id } }] : []),
        ],
      },
    })
    if (docs.length > 0) {
      throw new ValidationError({
        collection: collection.slug,
        errors: [{ message: `This article already has a${/^[aeiou]/i.test(registered.label) ? 'n' : ''} ${registered.label} section; it can have only one.`, path: 'kind' }],
      })
    }
    return data
  }
