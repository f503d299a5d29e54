import type { FieldHook } from 'payload'

/** Emails are stored trimmed and lower-cased, so one person is one signer. */
export const normalizeEmail: FieldHook = ({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)
