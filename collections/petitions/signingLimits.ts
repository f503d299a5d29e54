/**
 * The flood limit for the public signing endpoint: per address (default 10 a minute), set with
 * SIGN_RATE_PER_IP, its counts shared by every server process on the same database (see
 * sharedRateLimiter). There is deliberately no limit per signer email here: anyone can type
 * anyone's email, so such a limit told a stranger whether that email had signed (its own
 * signature used up a try) and let them lock its owner out of signing. What it guarded against,
 * a victim's mailbox flooded with confirmations, is capped where the emails go out
 * (./confirmations/confirmationCap).
 */
import type { Payload } from 'payload'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'

import { sharedRateLimiter } from '../../src/rateLimits/sharedRateLimiter'
import { positiveIntegerFromEnv } from '../../src/utilities/envNumber'

export { overLimit } from '../../src/rateLimits/sharedRateLimiter'

export type SigningLimiters = { ip: RateLimiterAbstract }

const byPayload = new WeakMap<Payload, Promise<SigningLimiters>>()

export function signingLimiters(payload: Payload): Promise<SigningLimiters> {
  let limiters = byPayload.get(payload)
  if (!limiters) {
    limiters = (async () => ({
      ip: await sharedRateLimiter(payload, { durationSeconds: 60, keyPrefix: 'sign-ip', points: positiveIntegerFromEnv('SIGN_RATE_PER_IP', 10) }),
    }))()
    byPayload.set(payload, limiters)
  }
  return limiters
}
