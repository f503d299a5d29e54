/**
 * One mailbox, one spelling. A signer's email is stored trimmed, lower-cased, in Unicode NFC,
 * with its domain in ASCII (IDNA, as `url.domainToASCII` writes it): `ana@bücher.example` and
 * `ana@xn--bcher-kva.example` reach the same mailbox, so they must be the same signer, and the
 * (petition, email) unique index can only say so when both are written alike. Pure.
 */
import { domainToASCII, domainToUnicode } from 'node:url'

export type SignerEmail = { email: string; ok: true } | { ok: false; problem: string }

/** A UTF-16 surrogate without its pair: JSON can carry one ("\ud800"), and validator's isEmail throws on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export function normalizeSignerEmail(typed: string): SignerEmail {
  if (LONE_SURROGATE.test(typed)) return { ok: false, problem: 'email: holds a character that is not valid text (a lone UTF-16 surrogate).' }
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

/** Domains whose mail ignores dots in the local part (b.o.b@ and bob@ are one inbox). */
const DOTS_IGNORED = new Set(['gmail.com', 'googlemail.com'])

/**
 * The inbox a stored address delivers to, as far as an outsider can tell: a quoted local part
 * unquoted, a `+tag` dropped (most providers deliver `bob+x@` to `bob@`), and dots dropped where
 * the provider ignores them. For counting emails per inbox (the confirmation cap), never for
 * storing: two such spellings may still be two people elsewhere.
 */
export function inboxKey(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 0) return email
  const domain = email.slice(at + 1)
  let local = email.slice(0, at)
  if (local.length > 1 && local.startsWith('"') && local.endsWith('"')) local = local.slice(1, -1).replace(/\\(.)/g, '$1')
  local = local.split('+')[0]!
  if (DOTS_IGNORED.has(domain)) local = local.replaceAll('.', '')
  return `${local}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`
}
