/**
 * What a public "Sign Our Petition" form may send, checked field by field: every problem is
 * reported with the field it belongs to, so a form can show it in place. Pure: the endpoint
 * decides what to do with the result.
 */
import isEmail from 'validator/lib/isEmail.js'

import { normalizeSignerEmail } from './signerEmail'

export type SignatureInput = {
  comment?: string
  consent: boolean
  country?: string
  email: string
  name: string
  postalCode?: string
  showName: boolean
}

export type FieldProblem = { message: string; path: string }

export type ReadSignature =
  | { honeypot: boolean; ok: true; signature: SignatureInput }
  | { ok: false; problems: FieldProblem[] }

const LIMITS = { comment: 2000, country: 60, email: 254, name: 200, postalCode: 20 } as const

/**
 * `website` is the honeypot: a field people never see or fill, so a value in it marks a bot.
 * Its presence is reported, not refused, so the bot gets the same answer as anyone.
 */
export function readSignature(body: unknown): ReadSignature {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, problems: [{ message: 'Send the signature as a JSON object.', path: 'body' }] }
  }
  const input = body as Record<string, unknown>
  const problems: FieldProblem[] = []
  const text = (field: keyof typeof LIMITS, required: boolean): string | undefined => {
    const value = input[field]
    if (value === undefined || value === null || value === '') {
      if (required) problems.push({ message: `${field} is required.`, path: field })
      return undefined
    }
    if (typeof value !== 'string') {
      problems.push({ message: `${field} must be text.`, path: field })
      return undefined
    }
    const trimmed = value.trim()
    // Refused here, before anything is looked up, so a first signature and a repeat get the same
    // answer (the database cannot store a NUL; a repeat stores nothing at all).
    if (trimmed.includes('\u0000')) problems.push({ message: `${field} must not contain NUL characters.`, path: field })
    if (required && trimmed === '') problems.push({ message: `${field} is required.`, path: field })
    // Characters as people count them (code points), not UTF-16 units: a name in emoji or a
    // script outside the BMP gets the same room as one in Latin letters.
    if ([...trimmed].length > LIMITS[field]) problems.push({ message: `${field} must be at most ${LIMITS[field]} characters.`, path: field })
    return trimmed || undefined
  }
  const flag = (field: 'consent' | 'showName'): boolean => {
    const value = input[field]
    if (value === undefined || value === null) return false
    if (typeof value !== 'boolean') problems.push({ message: `${field} must be true or false.`, path: field })
    return value === true
  }

  const name = text('name', true)
  const typedEmail = text('email', true)
  const normalized = typedEmail === undefined ? undefined : normalizeSignerEmail(typedEmail)
  const email = normalized?.ok ? normalized.email : undefined
  if (normalized && !normalized.ok) problems.push({ message: normalized.problem, path: 'email' })
  else if (email !== undefined && !isEmail(email)) problems.push({ message: 'email is not a valid email address.', path: 'email' })
  const signature: SignatureInput = {
    comment: text('comment', false),
    consent: flag('consent'),
    country: text('country', false),
    email: email ?? '',
    name: name ?? '',
    postalCode: text('postalCode', false),
    showName: flag('showName'),
  }
  if (problems.length > 0) return { ok: false, problems }
  const website = input.website
  return { honeypot: typeof website === 'string' ? website.trim() !== '' : website !== undefined && website !== null, ok: true, signature }
}

/** The first name shown on public signer lists. */
export const firstName = (name: string | null | undefined): string => (name ?? '').trim().split(/\s+/)[0] ?? ''
