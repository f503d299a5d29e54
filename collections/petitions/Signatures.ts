import type { CollectionConfig } from 'payload'

import { isAdmin, isAdminField } from '../../src/access/isAdmin'
import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { GROUPS, PETITIONS, SIGNATURES } from '../slugs'
import { noEmailForAdminEntries } from './confirmations/noEmailForAdminEntries'
import { countAddedSignature, countRemovedSignature } from './hooks/keepSignatureCount'
import { normalizeEmail, validateSignerEmail } from './hooks/normalizeEmail'
import { oneSignaturePerEmail } from './hooks/oneSignaturePerEmail'

export function signaturesCollection(): CollectionConfig {
  return {
    slug: SIGNATURES,
    access: { create: isAdmin, delete: isAdmin, read: isAdminOrEditor, update: isAdmin },
    admin: { defaultColumns: ['email', 'name', 'petition', 'createdAt'], group: GROUPS.engagement, useAsTitle: 'email' },
    defaultSort: '-createdAt',
    fields: [
      { name: 'petition', type: 'relationship', relationTo: PETITIONS, required: true },
      { name: 'name', type: 'text' },
      { name: 'email', type: 'email', hooks: { beforeValidate: [normalizeEmail] }, required: true, validate: validateSignerEmail },
      { name: 'postalCode', type: 'text' },
      { name: 'country', type: 'text' },
      { name: 'comment', type: 'textarea' },
      {
        name: 'consent',
        type: 'checkbox',
        admin: { description: 'The signer ticked the opt-in. It counts only once confirmed (consentConfirmedAt).' },
        defaultValue: false,
      },
      { name: 'consentAt', type: 'date', admin: { description: 'When the signer opted in.', readOnly: true } },
      { name: 'consentText', type: 'textarea', admin: { description: 'The opt-in text the signer was shown.', readOnly: true } },
      {
        name: 'consentConfirmedAt',
        type: 'date',
        admin: { description: 'When the signer confirmed the opt-in through the link in their email (double opt-in).', readOnly: true },
      },
      { name: 'showName', type: 'checkbox', admin: { description: 'The signer agreed to be listed by first name.' }, defaultValue: false },
      // Anyone can sign with anyone's email: only a signature its mailbox has vouched for may show a name in public.
      {
        name: 'confirmedAt',
        type: 'date',
        admin: {
          description:
            'When the signer confirmed this signature through the link in their email, or when an editor entered it. Only confirmed signatures appear among the public signers.',
          readOnly: true,
        },
      },
      // Never the address itself: a keyed hash, enough to spot a flood from one place.
      { name: 'ipHash', type: 'text', admin: { readOnly: true }, access: { read: isAdminField } },
      // The row is its own outbox (./confirmations): empty means the confirmation email is still to go.
      {
        name: 'confirmationSentAt',
        type: 'date',
        admin: { description: 'When the confirmation email went out; for a signature entered here, when it was entered (no email).', readOnly: true },
        index: true,
      },
      // Held rows never go out: a stranger may sign anywhere with anyone's email (./confirmations/confirmationCap).
      {
        name: 'confirmationHeldAt',
        type: 'date',
        admin: {
          description:
            'When the confirmation email was held back, not sent: this address had already been sent its hourly maximum (SIGN_CONFIRMATIONS_PER_EMAIL). The signature counts as any other.',
          readOnly: true,
        },
      },
      // A mail server's 5xx for this recipient is final: retried every lease, such rows (anyone can sign
      // with an address no server takes) would sit at the head of the outbox for ever.
      {
        name: 'confirmationFailedAt',
        type: 'date',
        admin: { description: 'When the mail server refused the confirmation email for good (a permanent error for this address); it is not tried again.', readOnly: true },
      },
      // A sender's claim on the row while it sends; lapses after JOB_LEASE_SECONDS if that sender died.
      { name: 'confirmationClaimedAt', type: 'date', admin: { hidden: true }, access: { read: isAdminField } },
    ],
    hooks: {
      afterChange: [countAddedSignature],
      afterDelete: [countRemovedSignature],
      beforeChange: [noEmailForAdminEntries],
      beforeValidate: [oneSignaturePerEmail],
    },
    // The database, not only the hook, keeps one signature per person per petition.
    // (petition, createdAt): the progress charts count a petition's signatures per hour and day.
    indexes: [{ fields: ['petition', 'email'], unique: true }, { fields: ['petition', 'createdAt'] }],
  }
}
