/**
 * Limits failed logins per client IP on the REST login route (Payload 3 has no rate limiting
 * of its own). Successful logins are not counted, so a newsroom behind one NAT is not locked
 * out by its own staff. Every API — GraphQL's loginUsers mutation and the Local API included —
 * is also covered per account by Payload's lockout (`maxLoginAttempts` in the users plugin).
 */
import type { RequestHandler } from 'express'

import { rateLimit } from 'express-rate-limit'

export function loginRateLimit({ perMinute }: { perMinute: number }): RequestHandler {
  return rateLimit({
    handler: (_req, res, _next, options) => {
      res.status(options.statusCode).json({
        errors: [{ message: `Too many failed logins from this address; try again in ${res.getHeader('Retry-After')} s.` }],
      })
    },
    legacyHeaders: false,
    limit: perMinute,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    windowMs: 60_000,
  })
}
