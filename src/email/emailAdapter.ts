/**
 * How Broadside sends email (signature confirmations, password resets): through SMTP with
 * nodemailer when `SMTP_URL` and `EMAIL_FROM` are both set, else Payload's console adapter,
 * which only logs each email. One without the other stops start-up: a half configuration
 * would otherwise look like working email that never arrives.
 *
 * The adapter is ours, a few lines over nodemailer, because `@payloadcms/email-nodemailer` has
 * no 3.90.2: its 3.90.1 pins payload 3.90.1, and Payload's start-up dependency check rejects
 * the mismatch outside production. Replace it with that package once a release matches payload.
 */
import type { EmailAdapter, SendEmailOptions } from 'payload'

import nodemailer from 'nodemailer'
import isEmail from 'validator/lib/isEmail.js'

export type EmailSettings = { address: string; name: string; smtpUrl: string } | null

/** Reads `SMTP_URL` and `EMAIL_FROM` (`Name <address>` or a bare address); null means console. */
export function emailSettingsFromEnv(env: Record<string, string | undefined> = process.env): EmailSettings {
  const smtpUrl = env.SMTP_URL?.trim() || undefined
  const from = env.EMAIL_FROM?.trim() || undefined
  if (!smtpUrl && !from) return null
  if (!smtpUrl) throw new Error('EMAIL_FROM is set but SMTP_URL is not: set both to send email (e.g. SMTP_URL=smtps://user:password@smtp.example.org:465), or neither to log emails to the console.')
  if (!from) throw new Error('SMTP_URL is set but EMAIL_FROM is not: set it to the sender, e.g. EMAIL_FROM="Our Campaign <petitions@example.org>".')
  if (!/^smtps?:\/\//i.test(smtpUrl)) throw new Error(`SMTP_URL must start with smtp:// or smtps://; got "${smtpUrl.replace(/\/\/[^@/]*@/, '//…@')}".`)
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(from)
  const address = (named ? named[2]! : from).trim()
  const name = (named ? named[1]! : '').trim().replace(/^"(.*)"$/, '$1')
  if (!isEmail(address)) throw new Error(`EMAIL_FROM must be an address or "Name <address>"; got "${from}".`)
  return { address, name: name || address, smtpUrl }
}

/** The adapter for `buildConfig({ email })`; undefined keeps Payload's console adapter. */
export function emailAdapter(settings: EmailSettings = emailSettingsFromEnv()): EmailAdapter | undefined {
  if (!settings) return undefined
  // No verify at start-up: sends are retried from the outbox, and a mail server that is down
  // must not slow or stop the start. The URL gives host, port, TLS and credentials.
  // Timeouts well inside a sender's claim (JOB_LEASE_SECONDS): a hung server fails the send, to be retried.
  const transport = nodemailer.createTransport({ connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, url: settings.smtpUrl } as never)
  const { address, name } = settings
  return () => ({
    defaultFromAddress: address,
    defaultFromName: name,
    name: 'smtp',
    sendEmail: (message: SendEmailOptions) => transport.sendMail({ ...message, from: message.from ?? { address, name } } as nodemailer.SendMailOptions),
  })
}

/** The start-up line that says where email goes. */
export function describeEmail(settings: EmailSettings = emailSettingsFromEnv()): string {
  if (!settings) return 'Email: SMTP_URL and EMAIL_FROM are not set, so emails (signature confirmations, password resets) are only written to this log, not sent.'
  const server = new URL(settings.smtpUrl)
  return `Email: sent through ${server.protocol}//${server.hostname}${server.port ? `:${server.port}` : ''} from ${settings.name} <${settings.address}>.`
}
