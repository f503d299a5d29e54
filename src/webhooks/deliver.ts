/**
 * One HTTP attempt at a webhook delivery: a POST with a 15 s limit that follows no redirect
 * and connects only to addresses the guard allows. Reports what a delivery log needs: the
 * status, how long it took, the start of the answer or the error, and any Retry-After.
 */
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'

import { allowedHosts, BlockedAddressError, guardedLookup, isInternalAddress } from './addressGuard'

export const TIMEOUT_MS = 15_000
export const KEPT_RESPONSE_BYTES = 1024

export type Attempt = {
  /** Cut short by `signal` (the server shutting down), not answered. */
  aborted?: boolean
  durationMs: number
  error?: string
  response?: string
  retryAfter?: string
  statusCode?: number
}

export function deliver(
  url: string,
  headers: Record<string, string>,
  body: string,
  { allowed = allowedHosts(), signal }: { allowed?: Set<string>; signal?: AbortSignal } = {},
): Promise<Attempt> {
  const started = Date.now()
  const done = (result: Omit<Attempt, 'durationMs'>): Attempt => ({ ...result, durationMs: Date.now() - started })
  return new Promise((resolve) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      return resolve(done({ error: `Not a URL: ${url}` }))
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return resolve(done({ error: `Only http and https URLs are delivered to.` }))
    const host = target.hostname.replace(/^\[|\]$/g, '')
    // A literal address connects without a lookup, so it is checked here.
    if (net.isIP(host) && !allowed.has(host.toLowerCase()) && isInternalAddress(host)) {
      return resolve(done({ error: new BlockedAddressError(host, host).message }))
    }
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)), 'Content-Type': 'application/json', 'User-Agent': 'Broadside-Webhooks' },
        lookup: guardedLookup(allowed),
        method: 'POST',
        signal,
        timeout: TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = []
        let kept = 0
        response.on('data', (chunk: Buffer) => {
          if (kept < KEPT_RESPONSE_BYTES) chunks.push(chunk)
          kept += chunk.length
        })
        response.on('end', () =>
          resolve(
            done({
              response: Buffer.concat(chunks).subarray(0, KEPT_RESPONSE_BYTES).toString('utf8'),
              retryAfter: response.headers['retry-after'],
              statusCode: response.statusCode,
            }),
          ),
        )
        response.on('error', (error) =>
          resolve(done({ aborted: signal?.aborted, error: signal?.aborted ? 'Aborted: the server was shutting down.' : error.message, statusCode: response.statusCode })),
        )
      },
    )
    request.on('timeout', () => request.destroy(new Error(`No answer within ${TIMEOUT_MS / 1000} s.`)))
    request.on('error', (error) =>
      resolve(signal?.aborted ? done({ aborted: true, error: 'Aborted: the server was shutting down.' }) : done({ error: error.message })),
    )
    request.end(body)
  })
}
