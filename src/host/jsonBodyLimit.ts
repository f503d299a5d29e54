/**
 * Refuses JSON bodies over the limit before they reach Payload, with an error a person can
 * read. Express parses no bodies here (Next reads the stream itself), so the declared
 * Content-Length is what is checked; a JSON body sent without one is refused too, since its
 * size could not be known in advance. Uploads (multipart) are capped by the media collection.
 */
import type { RequestHandler } from 'express'

export const DEFAULT_JSON_BODY_LIMIT_BYTES = 1024 * 1024

export function jsonBodyLimit(maxBytes = DEFAULT_JSON_BODY_LIMIT_BYTES): RequestHandler {
  return (req, res, next) => {
    const contentType = req.headers['content-type'] ?? ''
    if (!/^application\/(.+\+)?json\b/i.test(contentType)) return next()
    const declared = req.headers['content-length']
    if (declared === undefined) {
      if (!req.headers['transfer-encoding']) return next()
      res.status(411).json({
        errors: [{ message: 'JSON bodies need a Content-Length header (at most ' + formatBytes(maxBytes) + ').' }],
      })
      return
    }
    const length = Number(declared)
    if (length > maxBytes) {
      res.status(413).json({
        errors: [
          { message: `The JSON body is ${formatBytes(length)}; JSON bodies may be at most ${formatBytes(maxBytes)}.` },
        ],
      })
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
