/**
 * `GET /api/petitions/:id/signers`: the public wall of signers — first name, country and time,
 * only for those who chose to be shown and whose signature is confirmed (through the link in
 * their email, or entered by an editor). Nothing else about a signer is public.
 *
 * Why confirmed only: anyone can sign with anyone's email. A stranger who signs with a victim's
 * email and a marker name would see the marker listed if the victim had not signed (a repeat
 * stores nothing), and so learn whether that email had signed; and a name nobody vouched for
 * would stand in public beside real ones.
 */
import type { Endpoint } from 'payload'

import { NotFound } from 'payload'

import { firstName } from '../../../src/signing/readSignature'
import { PETITIONS, SIGNATURES } from '../../slugs'

const MAX_PER_PAGE = 100

export const signersEndpoint: Endpoint = {
  handler: async (req) => {
    const id = req.routeParams?.id as number | string | undefined
    const petition = id
      ? await req.payload.findByID({ collection: PETITIONS, depth: 0, disableErrors: true, draft: false, id, overrideAccess: true, req, select: { _status: true } })
      : null
    if (!petition || petition._status !== 'published') throw new NotFound(req.t)
    const limit = Math.min(MAX_PER_PAGE, Math.max(1, Number(req.searchParams.get('limit')) || 50))
    const page = Math.max(1, Math.floor(Number(req.searchParams.get('page')) || 1))
    const result = await req.payload.find({
      collection: SIGNATURES,
      depth: 0,
      limit,
      overrideAccess: true,
      page,
      select: { country: true, createdAt: true, name: true },
      sort: '-createdAt',
      where: { and: [{ petition: { equals: petition.id } }, { showName: { equals: true } }, { confirmedAt: { exists: true } }] },
    })
    return Response.json({
      docs: result.docs.map((doc) => ({ country: doc.country ?? null, firstName: firstName(doc.name), signedAt: doc.createdAt })),
      hasNextPage: result.hasNextPage,
      page: result.page,
      totalDocs: result.totalDocs,
    })
  },
  method: 'get',
  path: '/:id/signers',
}
