/**
 * The Standard Webhooks headers of a delivery: `webhook-id` (the same on every retry, the
 * receiver's idempotency key), `webhook-timestamp`, and `webhook-signature` with one `v1,`
 * signature per active secret — during a rotation the old secret signs beside the new one,
 * so receivers can switch keys at their own pace.
 */
import { Webhook } from 'standardwebhooks'

export function deliveryHeaders(id: string, body: string, secrets: string[], at = new Date()): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(id, at, body))
  return {
    'webhook-id': id,
    'webhook-signature': signatures.join(' '),
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  }
}

/** A new secret: `whsec_` and the base64 of 32 random bytes. */
export function newSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`
}
