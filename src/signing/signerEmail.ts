/**
 * One mailbox, one spelling. A signer's email is stored trimmed, lower-cased, in Unicode NFC,
 * with its domain in ASCII (IDNA, as `url.domainToASCII` writes it): `ana@bücher.example` and
 * `ana@xn--bcher-kva.example` reach the same mailbox, so they must be the same signer, and the
 * (petition, email) unique index can only say so when both are written alike. Pure.
 */
import { domainToASCII, domainToUnicode } from 'node:url'

export type SignerEmail = { email: string; ok: true } | { ok: false; problem: string }

export function normalizeSignerEmail(typed: string): SignerEmail {
  const email = typed.trim().normalize('NFC').toLowerCase().normalize('NFC')
  const at = email.lastIndexOf('@')
  // No domain to convert: whatever checks the address's shape refuses it.
  if (at < 0 || at === email.length - 1) return { email, ok: true }
  const domain = domainToASCII(email.slice(at + 1))
  if (domain === '') return { ok: false, problem: 'email: the part after @ is not a valid domain name.' }
  return { email: `${email.slice(0, at + 1)}${domain}`, ok: true }
}

/** The spelling with its domain in Unicode: what was stored before domains were kept in ASCII. */
export function unicodeDomainSpelling(email: string): string {
  const at = email.lastIndexOf('@')
  return at < 0 ? email : `${email.slice(0, at + 1)}${domainToUnicode(email.slice(at + 1))}`
}
