/**
 * The email a new signer gets: a thank-you and one signed link to manage the signature
 * (confirm or withdraw the opt-in, change the name or whether it is shown, remove it). Pure:
 * the sender supplies the link.
 */
import { positiveIntegerFromEnv } from '../../../src/utilities/envNumber'

export type ConfirmationEmail = { html: string; subject: string; text: string }

/** `SIGNATURE_LINK_DAYS` (default 90): how long a manage link works. */
export const signatureLinkDays = (env: NodeJS.ProcessEnv = process.env): number => positiveIntegerFromEnv('SIGNATURE_LINK_DAYS', 90, env)

/**
 * Where the link points: `SIGNATURE_MANAGE_URL` (a page of the site that calls the manage API
 * with the token), else this server's own page, `<PUBLIC_URL>/api/signatures/manage`.
 */
export function manageLinkBase(env: Record<string, string | undefined> = process.env): string {
  if (env.SIGNATURE_MANAGE_URL) return env.SIGNATURE_MANAGE_URL
  const server = (env.PUBLIC_URL || 'http://localhost:3000').replace(/\/+$/, '')
  return `${server}/api/signatures/manage`
}

export function manageLink(base: string, token: string): string {
  const url = new URL(base)
  url.searchParams.set('token', token)
  return url.toString()
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[char]!)

export function confirmationEmail({
  consent,
  expiresAt,
  link,
  name,
  petitionTitle,
}: {
  consent: boolean
  expiresAt: Date
  link: string
  name: null | string
  petitionTitle: string
}): ConfirmationEmail {
  const greeting = name ? `Dear ${name},` : 'Hello,'
  const until = expiresAt.toISOString().slice(0, 10)
  const paragraphs = [
    greeting,
    `Thank you for signing "${petitionTitle}".`,
    consent
      ? 'You asked to be kept informed. We will write to you only once you confirm that with the link below.'
      : 'You did not ask for updates, and you will get none.',
    `With this link (it works until ${until}) you can confirm your signature (your first name is listed among the signers, if you chose that, only once you do), ${consent ? 'confirm or withdraw your opt-in, ' : ''}change your name or whether it is shown, or remove your signature:`,
  ]
  const closing = 'If you did not sign this petition, someone used your address: open the link and remove the signature.'
  return {
    html: [...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`), `<p><a href="${escapeHtml(link)}">Manage your signature</a></p>`, `<p>${escapeHtml(closing)}</p>`].join('\n'),
    subject: `Your signature: ${petitionTitle}`,
    text: [...paragraphs, link, closing].join('\n\n'),
  }
}
