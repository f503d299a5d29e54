// The pure parts of signer email: the signed manage link, the email it travels in, and the
// email settings read from the environment. No network.
import { describe, expect, it } from 'vitest'

import { confirmationEmail, manageLink, manageLinkBase } from '../../collections/petitions/confirmations/confirmationEmail'
import { linkSignatureId, MANAGE_SIGNATURE, signLink, verifyLink } from '../../collections/petitions/confirmations/signatureLinks'
import { describeEmail, emailSettingsFromEnv } from '../../src/email/emailAdapter'
import { inboxKey, normalizeSignerEmail, unicodeDomainSpelling } from '../../src/signing/signerEmail'

const SECRET = 'unit-test-secret'
const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000)

describe('manage links', () => {
  it('verify for the signature and email they were made for, and name that signature', () => {
    const token = signLink(SECRET, { expiresAt: inAWeek(), purpose: MANAGE_SIGNATURE, signatureId: '42' }, 'ann@example.org')
    expect(linkSignatureId(token)).toBe('42')
    expect(verifyLink(SECRET, token, MANAGE_SIGNATURE, 'ann@example.org')).toEqual({ ok: true, signatureId: '42' })
  })

  it('refuse any change: another id, expiry, MAC character, email or secret', () => {
    const expiresAt = inAWeek()
    const token = signLink(SECRET, { expiresAt, purpose: MANAGE_SIGNATURE, signatureId: '42' }, 'ann@example.org')
    const [id, expires, mac] = token.split('.') as [string, string, string]
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
    const altered = [
      `43.${expires}.${mac}`,
      `${id}.${Number(expires) + 3600}.${mac}`,
      `${id}.${expires}.${flip(mac, 0)}`,
      // The last character carries two unused bits: text comparison still catches it.
      `${id}.${expires}.${flip(mac, mac.length - 1)}`,
      `${id}.${expires}.${mac}x`,
      `${id}.${expires}`,
      '',
      undefined,
      42,
    ]
    for (const bad of altered) expect(verifyLink(SECRET, bad, MANAGE_SIGNATURE, 'ann@example.org'), String(bad)).toEqual({ ok: false, problem: 'malformed' })
    // A removed signature's id given to a stranger's later one (SQLite reuses the largest id).
    expect(verifyLink(SECRET, token, MANAGE_SIGNATURE, 'bob@example.org')).toEqual({ ok: false, problem: 'malformed' })
    expect(verifyLink('another-secret', token, MANAGE_SIGNATURE, 'ann@example.org')).toEqual({ ok: false, problem: 'malformed' })
  })

  it('expire, and only a genuine token is called expired', () => {
    const token = signLink(SECRET, { expiresAt: new Date(Date.now() - 1000), purpose: MANAGE_SIGNATURE, signatureId: '7' }, 'ann@example.org')
    expect(verifyLink(SECRET, token, MANAGE_SIGNATURE, 'ann@example.org')).toEqual({ ok: false, problem: 'expired' })
    expect(verifyLink(SECRET, token.slice(0, -1) + 'Z', MANAGE_SIGNATURE, 'ann@example.org').ok).toBe(false)
  })

  it('point at the site’s page or this server’s, with the token as a query parameter', () => {
    expect(manageLinkBase({ PUBLIC_URL: 'https://api.example.org/' })).toBe('https://api.example.org/api/signatures/manage')
    expect(manageLinkBase({ PUBLIC_URL: 'https://api.example.org', SIGNATURE_MANAGE_URL: 'https://example.org/signature' })).toBe('https://example.org/signature')
    expect(manageLink('https://example.org/signature?lang=en', 'a.b.c')).toBe('https://example.org/signature?lang=en&token=a.b.c')
  })
})

describe('the confirmation email', () => {
  it('carries the link, says what the opt-in needs, and escapes names in its HTML', () => {
    const email = confirmationEmail({ consent: true, expiresAt: new Date('2027-01-02T00:00:00Z'), link: 'https://x.test/m?token=t', name: '<b>Ann</b>', petitionTitle: 'Save the "river"' })
    expect(email.subject).toBe('Your signature: Save the "river"')
    expect(email.text).toContain('https://x.test/m?token=t')
    expect(email.text).toContain('confirm')
    expect(email.text).toContain('2027-01-02')
    expect(email.html).toContain('&lt;b&gt;Ann&lt;/b&gt;')
    expect(email.html).not.toContain('<b>Ann')
    const noOptIn = confirmationEmail({ consent: false, expiresAt: new Date(), link: 'https://x.test/m', name: null, petitionTitle: 'P' })
    expect(noOptIn.text).toContain('you will get none')
  })
})

describe('email settings', () => {
  it('use SMTP only when both SMTP_URL and EMAIL_FROM are set; one alone stops start-up', () => {
    expect(emailSettingsFromEnv({})).toBeNull()
    expect(describeEmail(null)).toContain('not set')
    expect(emailSettingsFromEnv({ EMAIL_FROM: 'Campaign <p@example.org>', SMTP_URL: 'smtp://127.0.0.1:2525' })).toEqual({
      address: 'p@example.org',
      name: 'Campaign',
      smtpUrl: 'smtp://127.0.0.1:2525',
    })
    expect(emailSettingsFromEnv({ EMAIL_FROM: 'p@example.org', SMTP_URL: 'smtps://u:pw@127.0.0.1:465' })?.name).toBe('p@example.org')
    expect(() => emailSettingsFromEnv({ SMTP_URL: 'smtp://127.0.0.1' })).toThrow(/EMAIL_FROM/)
    expect(() => emailSettingsFromEnv({ EMAIL_FROM: 'p@example.org' })).toThrow(/SMTP_URL/)
    expect(() => emailSettingsFromEnv({ EMAIL_FROM: 'p@example.org', SMTP_URL: 'http://127.0.0.1' })).toThrow(/smtp:\/\//)
    expect(() => emailSettingsFromEnv({ EMAIL_FROM: 'nobody', SMTP_URL: 'smtp://127.0.0.1' })).toThrow(/EMAIL_FROM/)
    // The start-up line never shows the SMTP password.
    expect(describeEmail(emailSettingsFromEnv({ EMAIL_FROM: 'p@example.org', SMTP_URL: 'smtps://u:secretpw@127.0.0.1:465' }))).not.toContain('secretpw')
  })
})

describe('one spelling per mailbox', () => {
  it('trims, lower-cases, composes (NFC) and writes the domain in ASCII', () => {
    for (const typed of ['ana@bücher.example', ' Ana@BÜCHER.example ', 'ana@bu\u0308cher.example', 'ana@xn--bcher-kva.example', 'ana@ｂücher.example']) {
      expect(normalizeSignerEmail(typed), typed).toEqual({ email: 'ana@xn--bcher-kva.example', ok: true })
    }
    // The local part keeps its letters, composed.
    expect(normalizeSignerEmail('Jose\u0301@Example.org')).toEqual({ email: 'josé@example.org', ok: true })
  })

  it('refuses a domain with no ASCII form, and leaves what has no domain to the shape check', () => {
    expect(normalizeSignerEmail('cy@xn--zz.example')).toMatchObject({ ok: false, problem: expect.stringContaining('domain') })
    expect(normalizeSignerEmail('cy@exa mple.example').ok).toBe(false)
    expect(normalizeSignerEmail('not-an-address')).toEqual({ email: 'not-an-address', ok: true })
  })

  it('gives back the Unicode spelling old manage links were made for', () => {
    expect(unicodeDomainSpelling('ana@xn--bcher-kva.example')).toBe('ana@bücher.example')
    expect(unicodeDomainSpelling('ann@example.org')).toBe('ann@example.org')
  })
})

it('refuses an address holding a lone UTF-16 surrogate, naming email (validator would throw on it)', () => {
  for (const typed of ['s\ud800r@example.org', 'sur@example.org\udc00']) {
    const result = normalizeSignerEmail(typed)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.problem).toMatch(/^email: /)
  }
  // A surrogate pair (an emoji) is text like any other.
  expect(normalizeSignerEmail('ana😀@example.org').ok).toBe(true)
})

it('counts the confirmation cap per inbox: tags, quotes and (at Gmail) dots do not make another one', () => {
  expect(inboxKey('bomb+1@example.net')).toBe('bomb@example.net')
  expect(inboxKey('"bomb"@example.net')).toBe('bomb@example.net')
  expect(inboxKey('b.o.m.b+x@googlemail.com')).toBe('bomb@gmail.com')
  expect(inboxKey('b.o.b@example.net')).toBe('b.o.b@example.net')
})
