/**
 * Hands the client's address to Payload's endpoints, which only see the request Next builds.
 * Express knows it (honouring TRUST_PROXY); a value a client sends under the same header name
 * is replaced, so it cannot be forged.
 */
import type { RequestHandler } from 'express'

export const CLIENT_ADDRESS_HEADER = 'x-broadside-client-address'

export const clientAddress = (): RequestHandler => (req, _res, next) => {
  req.headers[CLIENT_ADDRESS_HEADER] = req.ip ?? req.socket.remoteAddress ?? ''
  next()
}
