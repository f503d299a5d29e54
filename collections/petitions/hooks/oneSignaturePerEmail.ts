import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import { normalizeSignerEmail } from '../../../src/signing/signerEmail'
import { relationId } from '../../../src/utilities/relationId'

/**
 * One signature per person per petition. This check gives the clear error; the unique index
 * on (petition, email) is what holds under concurrent requests.
 */
export const oneSignaturePerEmail: CollectionBeforeValidateHook = async ({ collection, data, operation, originalDoc, req }) => {
  const typed = typeof data?.email === 'string' ? normalizeSignerEmail(data.email) : undefined
  // An email that cannot be normalised is refused by the field's validation, naming it.
  if (typed && !typed.ok) return data
  const email = typed ? typed.email : originalDoc?.email
  const petition = relationId(data?.petition ?? originalDoc?.petition)
  if (!email || petition === undefined || (operation === 'update' && email === originalDoc?.email && data?.petition === undefined)) {
    return data
  }
  const { totalDocs } = await req.payload.count({
    collection: collection.slug,
    overrideAccess: true,
    req,
    where: {
      and: [
        { petition: { equals: petition } },
        { email: { equals: email } },
        ...(originalDoc?.id !== undefined ? [{ id: { not_equals: originalDoc.id } }] : []),
      ],
    },
  })
  if (totalDocs > 0) {
    throw new ValidationError({
      collection: collection.slug,
      errors: [{ message: 'This email address has already signed this petition.', path: 'email' }],
    })
  }
  return data
}
