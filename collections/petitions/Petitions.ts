import type { CollectionConfig } from 'payload'

import { slug } from '../../src/fields/slug'

import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { GROUPS, PETITIONS } from '../slugs'
import { readPetitions } from './access'
import { keepSignatureCountOutOfEdits } from './hooks/keepSignatureCount'

/**
 * A petition as a page shows its "Sign Our Petition" call: what it asks, how far it got, whether
 * it is open, and the opt-in wording for the form. Never its signers nor the letter's full text.
 */
export const PETITION_CARD = {
  closesAt: true,
  consentText: true,
  externalUrl: true,
  goal: true,
  signatureCount: true,
  slug: true,
  status: true,
  summary: true,
  title: true,
} as const

export function petitionsCollection(): CollectionConfig {
  return {
    slug: PETITIONS,
    access: {
      create: isAdminOrEditor,
      delete: isAdminOrEditor,
      read: readPetitions,
      readVersions: isAdminOrEditor,
      update: isAdminOrEditor,
    },
    admin: { defaultColumns: ['title', 'status', 'goal', '_status'], group: GROUPS.engagement, useAsTitle: 'title' },
    defaultPopulate: PETITION_CARD,
    hooks: { beforeChange: [keepSignatureCountOutOfEdits] },
    fields: [
      {
        name: 'progress',
        type: 'ui',
        admin: { components: { Field: '/collections/petitions/admin/PetitionProgressField#PetitionProgressField' } },
      },
      { name: 'title', type: 'text' },
      slug('title', { position: 'sidebar' }),
      { name: 'summary', type: 'textarea' },
      { name: 'petitionText', type: 'richText', admin: { description: 'The letter to the targets.' } },
      {
        name: 'targets',
        type: 'array',
        fields: [
          { name: 'name', type: 'text' },
          { name: 'office', type: 'text' },
        ],
      },
      { name: 'goal', type: 'number', min: 1 },
      {
        name: 'status',
        type: 'select',
        defaultValue: 'open',
        // PostgreSQL would otherwise name this enum like the drafts' `_status` one, and collide.
        enumName: 'enum_petitions_open_status',
        options: [
          { label: 'Open', value: 'open' },
          { label: 'Closed', value: 'closed' },
        ],
      },
      { name: 'closesAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      { name: 'externalUrl', type: 'text', admin: { description: 'When the petition is hosted elsewhere.' } },
      {
        name: 'consentText',
        type: 'textarea',
        admin: { description: 'Shown beside the opt-in box; stored with each opt-in. Empty uses the site wording.' },
      },
      {
        name: 'signatureCount',
        type: 'number',
        access: { create: () => false, update: () => false },
        admin: { description: 'Kept by signing and by every signature added or removed; not editable.', position: 'sidebar', readOnly: true },
        defaultValue: 0,
      },
    ],
    versions: { drafts: true, maxPerDoc: 50 },
  }
}
