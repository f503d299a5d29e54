import type { EmailField, FieldHook } from 'payload'

import { email as emailShape } from 'payload/shared'

import { normalizeSignerEmail } from '../../../src/signing/signerEmail'

/** Emails are stored as the sign path stores them (src/signing/signerEmail), so one mailbox is one signer. */
export const normalizeEmail: FieldHook = ({ value }) => {
  if (typeof value !== 'string') return value
  const normalized = normalizeSignerEmail(value)
  // Left as typed: `validateSignerEmail` then refuses it, naming the field.
  return normalized.ok ? normalized.email : value
}

/** Payload's check of the address's shape, after the domain is known to be one. */
export const validateSignerEmail: EmailField['validate'] = (value, args) => {
  if (typeof value === 'string' && value !== '') {
    const normalized = normalizeSignerEmail(value)
    if (!normalized.ok) return normalized.problem
  }
  return emailShape(value, args)
}
