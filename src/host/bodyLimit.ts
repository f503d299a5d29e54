/**
 * Refuses request bodies over the limit before they reach Payload, with an error a person can
 * read. Express parses no bodies here (Next reads the stream itself, and the request guard reads
 * a body whole before Payload does), so the declared Content-Length is what is checked; a body
 * sent without one is refused too, since its size could not be known in advance.
 *
 * JSON and every other non-upload type (form-encoded, text, XML…) get the API's limit: a 50 MB
 * form body sent as a read (`X-HTTP-Method-Override: GET`) held the server for seconds. Uploads
 * (multipart) get the media collection's file size plus room for their other fields.
 */
import type { RequestHandler } from 'express'

export const DEFAULT_JSON_BODY_LIMIT_BYTES = 1024 * 1024

export type BodyLimitOptions = {
  /** @default 1 MB */
  maxBytes?: number
  /** Multipart bodies (uploads). @default maxBytes + 10 MB */
  maxUploadBytes?: number
}

export function bodyLimit({ maxBytes = DEFAULT_JSON_BODY_LIMIT_BYTES, maxUploadBytes = maxBytes + 10 * 1024 * 1024 }: BodyLimitOptions = {}): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length']
    const chunked = Boolean(req.headers['transfer-encoding'])
    if (declared === undefined && !chunked) return next()
    const contentType = req.headers['content-type'] ?? ''
    const upload = /^multipart\//i.test(contentType)
    const kind = upload ? 'uploads' : /^application\/(.+\+)?json\b/i.test(contentType) ? 'JSON bodies' : 'request bodies'
    const limit = upload ? maxUploadBytes : maxBytes
    if (declared === undefined) {
      res.status(411).json({ errors: [{ message: `Send a Content-Length header: ${kind} may be at most ${formatBytes(limit)}.` }] })
      return
    }
    const length = Number(declared)
    if (length > limit) {
      res.status(413).json({ errors: [{ message: `The body is ${formatBytes(length)}; ${kind} may be at most ${formatBytes(limit)}.` }] })
      return
    }
    next()
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`
  return `${bytes} bytes`
}
