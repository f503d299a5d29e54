/**
 * `GET /api/petitions/:id/signatures.csv` (editors and admins): every signer of a petition,
 * with the opt-in and when and how it was given, streamed page by page so a petition with a
 * million signers never sits in memory. Cells are safe to open in a spreadsheet. `consent` is
 * `yes` only for an opt-in the signer confirmed from their email (double opt-in): a ticked box
 * alone may have been ticked by anyone who typed their address.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import type { Signature } from '../../../src/payload-types'

import { stringify } from 'csv-stringify'
import { Readable } from 'node:stream'
import { Forbidden, NotFound } from 'payload'

import { hasRole } from '../../../src/access/roles'
import { PETITIONS, SIGNATURES } from '../../slugs'

const PAGE = 500
const COLUMNS = ['name', 'email', 'postalCode', 'country', 'comment', 'consent', 'consentAt', 'consentConfirmedAt', 'consentText', 'showName', 'signedAt', 'confirmedAt'] as const

/** Consent as anyone may use it: ticked and confirmed through the signer's email. */
export const confirmedConsent = (signature: Pick<Signature, 'consent' | 'consentConfirmedAt'>): boolean => signature.consent === true && !!signature.consentConfirmedAt

async function* signatureRows(req: PayloadRequest, petition: number | string) {
  // Keyset pagination on id: stable while signatures keep arriving.
  let after: null | number | string = null
  for (;;) {
    const { docs }: { docs: Signature[] } = await req.payload.find({
      collection: SIGNATURES,
      depth: 0,
      limit: PAGE,
      overrideAccess: true,
      pagination: false,
      sort: 'id',
      where: { and: [{ petition: { equals: petition } }, ...(after === null ? [] : [{ id: { greater_than: after } }])] },
    })
    for (const doc of docs) {
      const consent = confirmedConsent(doc)
      yield [doc.name, doc.email, doc.postalCode, doc.country, doc.comment, consent, consent ? doc.consentAt : null, consent ? doc.consentConfirmedAt : null, consent ? doc.consentText : null, doc.showName, doc.createdAt, doc.confirmedAt]
    }
    if (docs.length < PAGE) return
    after = docs.at(-1)!.id
  }
}

export const exportSignaturesEndpoint: Endpoint = {
  handler: async (req) => {
    if (!hasRole(req.user, 'admin', 'editor')) throw new Forbidden(req.t)
    const id = req.routeParams?.id as number | string | undefined
    const petition = id ? await req.payload.findByID({ collection: PETITIONS, depth: 0, disableErrors: true, id, overrideAccess: true, req }) : null
    if (!petition) throw new NotFound(req.t)
    // Signer text starting with = + - @ (or a tab or carriage return) would run as a formula in a
    // spreadsheet (`=HYPERLINK(…)` sending the sheet's rows elsewhere); escape_formulas prefixes
    // a quote, OWASP's rule for CSV injection.
    const csv = Readable.from(signatureRows(req, petition.id)).pipe(
      stringify({ bom: true, cast: { boolean: (value) => (value ? 'yes' : 'no') }, columns: [...COLUMNS], escape_formulas: true, header: true }),
    )
    return new Response(Readable.toWeb(csv) as ReadableStream, {
      headers: {
        'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="petition-${petition.id}-signatures.csv"`,
        'Content-Type': 'text/csv; charset=utf-8',
      },
    })
  },
  method: 'get',
  path: '/:id/signatures.csv',
}
