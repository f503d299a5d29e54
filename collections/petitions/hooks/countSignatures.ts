import type { FieldHook } from 'payload'

import { SIGNATURES } from '../../slugs'

/**
 * `signatureCount` is read from the signatures themselves, never stored on the petition: it
 * is exact by construction, counting never creates a petition version, and it cannot clobber
 * an editor's draft. The (petition, email) index makes the count one index range scan.
 */
export const countSignatures: FieldHook = async ({ req, siblingData }) => {
  if (siblingData?.id === undefined) return 0
  const { totalDocs } = await req.payload.count({
    collection: SIGNATURES,
    overrideAccess: true,
    req,
    where: { petition: { equals: siblingData.id } },
  })
  return totalDocs
}
