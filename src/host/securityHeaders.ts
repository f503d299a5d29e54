/**
 * Security headers for every response, loose enough for Payload's admin panel: Next streams
 * its page data in inline scripts and the admin sets inline styles, so those are allowed;
 * frames, plugins and foreign origins are not. Development adds what hot reload needs.
 */
import type { RequestHandler } from 'express'

import helmet from 'helmet'

export function securityHeaders({ dev }: { dev: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'connect-src': ["'self'", ...(dev ? ['ws:'] : [])],
        'default-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'frame-ancestors': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'object-src': ["'none'"],
        'script-src': ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
        'style-src': ["'self'", "'unsafe-inline'"],
        // Broadside is often run over plain HTTP on a private network or behind a proxy that
        // terminates TLS; forcing https here would break the former.
        'upgrade-insecure-requests': null,
      },
    },
    // The admin loads no cross-origin resources that would opt in to COEP.
    crossOriginEmbedderPolicy: false,
  })
}
