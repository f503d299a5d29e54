/**
 * The signed token in a signer's "manage your signature" link. Whoever holds it may see and
 * change that one signature, so it names the signature, says what it is for and until when,
 * and carries an HMAC-SHA256 over those and the signer's email, keyed by a key derived from
 * PAYLOAD_SECRET. The email is checked, not carried: a token outlives its signature, and
 * SQLite hands a deleted row's id to the next insert, so a stranger's later signature with
 * that id must not answer to it. Pure: the endpoint fetches the row and calls `verify`.
 *
 * Hand-written on node:crypto rather than a JWT: one algorithm, no header to negotiate, and a
 * token short enough for an email link.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** The only purpose today; a new kind of link gets its own, so one cannot stand in for another. */
export const MANAGE_SIGNATURE = 'manage-signature'

export type LinkPurpose = typeof MANAGE_SIGNATURE

export type LinkClaims = { expiresAt: Date; purpose: LinkPurpose; signatureId: string }

export type LinkCheck =
  | { ok: true; signatureId: string }
  | { ok: false; problem: 'expired' | 'malformed' }

const TOKEN = /^([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/

/** A key for links only, so a signature over something else made with the secret never verifies here. */
const linkKey = (secret: string) => createHmac('sha256', secret).update('broadside:signature-links:v1').digest()

const mac = (secret: string, purpose: LinkPurpose, signatureId: string, expires: number, email: string) =>
  createHmac('sha256', linkKey(secret)).update(`${purpose}\n${signatureId}\n${expires}\n${email}`).digest()

export function signLink(secret: string, { expiresAt, purpose, signatureId }: LinkClaims, email: string): string {
  const expires = Math.floor(expiresAt.getTime() / 1000)
  return `${signatureId}.${expires}.${mac(secret, purpose, signatureId, expires, email).toString('base64url')}`
}

/** The signature id a token names, read before verifying, only to fetch the row to verify against. */
export function linkSignatureId(token: unknown): string | undefined {
  return typeof token === 'string' ? TOKEN.exec(token)?.[1] : undefined
}

/**
 * Checks a token against the row it names. A token altered in any way, for another purpose or
 * another email, is `malformed`; only a genuine token past its time is `expired`.
 */
export function verifyLink(secret: string, token: unknown, purpose: LinkPurpose, email: string, now = new Date()): LinkCheck {
  const parts = typeof token === 'string' ? TOKEN.exec(token) : null
  if (!parts) return { ok: false, problem: 'malformed' }
  const [, signatureId, expiresText, given] = parts as unknown as [string, string, string, string]
  // Compared as text: decoding would let the last character's unused bits vary unnoticed.
  const expected = Buffer.from(mac(secret, purpose, signatureId, Number(expiresText), email).toString('base64url'))
  if (!timingSafeEqual(Buffer.from(given), expected)) return { ok: false, problem: 'malformed' }
  if (Number(expiresText) * 1000 <= now.getTime()) return { ok: false, problem: 'expired' }
  return { ok: true, signatureId }
}
