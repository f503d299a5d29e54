/**
 * At most SIGN_CONFIRMATIONS_PER_EMAIL (default 3) confirmation emails to one inbox an hour,
 * counted by every server process on the same database (src/rateLimits/sharedRateLimiter).
 * Anyone can sign with anyone's email, and each new signature sends a confirmation: without a
 * cap, a stranger signing many petitions with a victim's address fills that mailbox. The cap
 * sits here, behind the answer, because a limit the signer could see (a 429 for the email) told
 * strangers whether that email had signed and let them lock its owner out of signing.
 */
import type { Payload } from 'payload'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'

import { limiterKey, overLimit, sharedRateLimiter } from '../../../src/rateLimits/sharedRateLimiter'
import { inboxKey } from '../../../src/signing/signerEmail'
import { positiveIntegerFromEnv } from '../../../src/utilities/envNumber'

export type ConfirmationCap = {
  /** Counts one email to `recipient`; false when the cap is reached and it must be held. */
  allows: (recipient: string) => Promise<boolean>
  /** Gives back the count of an email that did not go out after all (the server refused it). */
  giveBack: (recipient: string) => Promise<void>
}

const byPayload = new WeakMap<Payload, Promise<RateLimiterAbstract>>()

function capLimiter(payload: Payload): Promise<RateLimiterAbstract> {
  let limiter = byPayload.get(payload)
  if (!limiter) {
    limiter = sharedRateLimiter(payload, {
      durationSeconds: 60 * 60,
      keyPrefix: 'confirmation-recipient',
      points: positiveIntegerFromEnv('SIGN_CONFIRMATIONS_PER_EMAIL', 3),
    })
    byPayload.set(payload, limiter)
  }
  return limiter
}

export async function confirmationCap(payload: Payload): Promise<ConfirmationCap> {
  const limiter = await capLimiter(payload)
  // Per inbox, not per spelling: bob+1@, bob+2@ and "bob"@ all land in bob@'s inbox.
  const key = (recipient: string) => limiterKey(payload.secret, 'confirmation-recipient', inboxKey(recipient))
  return {
    allows: async (recipient) => (await overLimit(limiter, key(recipient))) === undefined,
    giveBack: async (recipient) => {
      await limiter.reward(key(recipient), 1)
    },
  }
}
