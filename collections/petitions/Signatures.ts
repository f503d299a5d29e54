import type { CollectionConfig } from 'payload'

import { isAdmin, isAdminField } from '../../src/access/isAdmin'
import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { GROUPS, PETITIONS, SIGNATURES } from '../slugs'
import { countAddedSignature, countRemovedSignature } from './hooks/keepSignatureCount'
import { normalizeEmail } from './hooks/normalizeEmail'
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
      { name: 'email', type: 'email', hooks: { beforeValidate: [normalizeEmail] }, required: true },
      { name: 'postalCode', type: 'text' },
      { name: 'country', type: 'text' },
      { name: 'comment', type: 'textarea' },
      { name: 'consent', type: 'checkbox', admin: { description: 'The signer opted in.' }, defaultValue: false },
      { name: 'consentAt', type: 'date', admin: { description: 'When the signer opted in.', readOnly: true } },
      { name: 'consentText', type: 'textarea', admin: { description: 'The opt-in text the signer was shown.', readOnly: true } },
      { name: 'showName', type: 'checkbox', admin: { description: 'The signer agreed to be listed by first name.' }, defaultValue: false },
      // Never the address itself: a keyed hash, enough to spot a flood from one place.
      { name: 'ipHash', type: 'text', admin: { readOnly: true }, access: { read: isAdminField } },
    ],
    hooks: { afterChange: [countAddedSignature], afterDelete: [countRemovedSignature], beforeValidate: [oneSignaturePerEmail] },
    // The database, not only the hook, keeps one signature per person per petition.
    indexes: [{ fields: ['petition', 'email'], unique: true }],
  }
}
