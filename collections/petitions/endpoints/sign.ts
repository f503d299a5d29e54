/**
 * `POST /api/petitions/:id/sign` as a Payload endpoint, for when the request reaches Payload
 * (through Next, or a host that does not serve the plugin's host route). The express host
 * serves the same path itself, before Next (see ../index.ts); both run ../signing/signPetition.
 */
import type { Endpoint } from 'payload'

import { addDataAndFileToRequest } from 'payload'

import { CLIENT_ADDRESS_HEADER } from '../../../src/host/clientAddress'
import { quote, refuse } from '../../../src/requestGuard/refuse'
import { signPetition } from '../signing/signPetition'

export const signEndpoint: Endpoint = {
  handler: async (req) => {
    // JSON only, as at the host's door: a form or multipart post is what any site can send
    // across origins without a CORS preflight.
    const sent = req.headers.get('content-type')
    if (sent && sent.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') {
      return refuse({ message: `${quote(sent)} is not accepted; send a JSON object as application/json.`, path: 'Content-Type' }, 415)
    }
    await addDataAndFileToRequest(req)
    const answer = await signPetition({
      body: req.data,
      clientAddress: req.headers.get(CLIENT_ADDRESS_HEADER) ?? undefined,
      payload: req.payload,
      petitionId: String(req.routeParams?.id ?? ''),
    })
    return Response.json(answer.body, { headers: answer.headers, status: answer.status })
  },
  method: 'post',
  path: '/:id/sign',
}
