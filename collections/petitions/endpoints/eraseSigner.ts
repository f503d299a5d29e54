/**
 * `POST /api/signatures/erase` (admins) with `{ email }`: erases that person's signatures on
 * every petition — the answer to a deletion request. Counts follow, since they are counted.
 */
import type { Endpoint } from 'payload'

import { addDataAndFileToRequest, Forbidden, ValidationError } from 'payload'
import isEmail from 'validator/lib/isEmail.js'

import { hasRole } from '../../../src/access/roles'
import { normalizeSignerEmail } from '../../../src/signing/signerEmail'
import { SIGNATURES } from '../../slugs'

export const eraseSignerEndpoint: Endpoint = {
  handler: async (req) => {
    if (!hasRole(req.user, 'admin')) throw new Forbidden(req.t)
    await addDataAndFileToRequest(req)
    // Spelt as signatures are stored, so `ana@bücher.example` erases `ana@xn--bcher-kva.example` too.
    const typed = normalizeSignerEmail(typeof req.data?.email === 'string' ? req.data.email : '')
    const email = typed.ok ? typed.email : ''
    if (!isEmail(email)) throw new ValidationError({ collection: SIGNATURES, errors: [{ message: typed.ok ? 'email must be a valid email address.' : typed.problem, path: 'email' }] })
    const { docs } = await req.payload.delete({ collection: SIGNATURES, overrideAccess: true, req, where: { email: { equals: email } } })
    return Response.json({ erased: docs.length })
  },
  method: 'post',
  path: '/erase',
}
