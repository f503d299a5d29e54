/**
 * Flood limits for the public signing endpoint: per address (default 10 a minute) and per
 * signer email (default 3 an hour), set with SIGN_RATE_PER_IP and SIGN_RATE_PER_EMAIL. The
 * counts are shared by every server process on the same database (see sharedRateLimiter).
 */
import type { Payload } from 'payload'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'

import { sharedRateLimiter } from '../../src/rateLimits/sharedRateLimiter'
import { positiveIntegerFromEnv } from '../../src/utilities/envNumber'

export { overLimit } from '../../src/rateLimits/sharedRateLimiter'

export type SigningLimiters = { email: RateLimiterAbstract; ip: RateLimiterAbstract }

const byPayload = new WeakMap<Payload, Promise<SigningLimiters>>()

export function signingLimiters(payload: Payload): Promise<SigningLimiters> {
  let limiters = byPayload.get(payload)
  if (!limiters) {
    limiters = (async () => ({
      email: await sharedRateLimiter(payload, { durationSeconds: 60 * 60, keyPrefix: 'sign-email', points: positiveIntegerFromEnv('SIGN_RATE_PER_EMAIL', 3) }),
      ip: await sharedRateLimiter(payload, { durationSeconds: 60, keyPrefix: 'sign-ip', points: positiveIntegerFromEnv('SIGN_RATE_PER_IP', 10) }),
    }))()
    byPayload.set(payload, limiters)
  }
  return limiters
}
