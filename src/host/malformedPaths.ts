/**
 * Requests Next's router fails on with a 500 before any route sees them, answered 4xx here.
 *
 * A path whose percent-escapes do not decode — `%ZZ`, a cut-off UTF-8 sequence, an encoded lone
 * surrogate — gets a 400 naming the path. Next's router fails on such a path with a 500 before
 * any route (and the request guard) sees it.
 */
import type { RequestHandler } from 'express'

export function refuseMalformedPaths(): RequestHandler {
  return (req, res, next) => {
    try {
      decodeURIComponent(req.path)
    } catch {
      const problem = { message: 'has a percent-escape that is not valid UTF-8 (e.g. %ZZ or a cut-off sequence).', path: 'path' }
      res
        .status(400)
        .set('Cache-Control', 'no-store')
        .json({ errors: [{ data: { errors: [problem] }, message: `${problem.path}: ${problem.message}`, name: 'BadRequest' }] })
      return
    }
    next()
  }
}

/** The methods some route here answers; HEAD is GET without the body. */
const SERVED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Any other method (TRACE, CONNECT, WebDAV's PROPFIND…) gets 405 and the list: Next threw on TRACE (500). */
export function refuseUnservedMethods(): RequestHandler {
  return (req, res, next) => {
    if (SERVED_METHODS.includes(req.method)) return next()
    res
      .status(405)
      .set({ Allow: SERVED_METHODS.join(', '), 'Cache-Control': 'no-store' })
      .json({ errors: [{ message: `The ${req.method} method is not served here; use one of ${SERVED_METHODS.join(', ')}.` }] })
  }
}
