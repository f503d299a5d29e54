import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../src/access/isAdmin'
import { ARTICLES, GROUPS, RELATED_POSTINGS, RELATED_TERMS, RELATED_VECTORS } from '../slugs'

/**
 * The term index behind related articles, kept as ordinary collections so it lives in the same
 * database (SQLite, PostgreSQL or MongoDB), migrations and transactions as the articles. Only
 * published articles are in it. The publishing hooks write it in bulk; no API writes it.
 */
const internal = {
  access: { create: () => false, delete: () => false, read: isAdmin, update: () => false },
  admin: { group: GROUPS.settings, hidden: true },
  graphQL: false,
  lockDocuments: false,
  timestamps: false,
} satisfies Partial<CollectionConfig>

export function termIndexCollections(): CollectionConfig[] {
  return [
    {
      ...internal,
      slug: RELATED_TERMS,
      fields: [
        // Reserved rows, which no analysed word can spell, hold the corpus totals (see termIndexStore).
        { name: 'term', type: 'text', required: true, unique: true },
        { name: 'documents', type: 'number', admin: { description: 'Published articles containing the term.' }, required: true },
      ],
    },
    {
      ...internal,
      slug: RELATED_POSTINGS,
      fields: [
        { name: 'term', type: 'text', required: true },
        { name: 'article', type: 'relationship', index: true, relationTo: ARTICLES, required: true },
        { name: 'weight', type: 'number', required: true },
      ],
      // Candidates are found term by term, strongest first.
      indexes: [{ fields: ['term', 'weight'] }],
    },
    {
      ...internal,
      slug: RELATED_VECTORS,
      fields: [
        { name: 'article', type: 'relationship', relationTo: ARTICLES, required: true, unique: true },
        { name: 'fingerprint', type: 'text', required: true },
        { name: 'length', type: 'number', required: true },
        { name: 'selfScore', type: 'number', required: true },
        // "term tf term tf …" (see packTerms): compact, and quick to read back.
        { name: 'terms', type: 'textarea', required: true },
        { name: 'categories', type: 'json', required: true },
        { name: 'publishedAt', type: 'date', required: true },
      ],
    },
  ]
}
