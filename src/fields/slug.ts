/**
 * The slug field every Broadside collection uses: Payload's own (derived from another field,
 * stable once published unless an editor changes it), with readable slugs —
 * "Policy & Relations" becomes "policy-and-relations", accents are transliterated.
 *
 * Payload's slug field keeps its switch ("does the slug still follow the title?") in a stored
 * checkbox, `generateSlug`. That is bookkeeping, not content: it is hidden from every API answer
 * (REST, GraphQL, Local API), and updates still see it (Payload reads the stored document with
 * hidden fields when merging a change), so the slug follows the title as before.
 */
import type { Field, RowField } from 'payload'

import slugify from '@sindresorhus/slugify'
import { slugField } from 'payload'

export function slug(useAsSlug: string, { position }: { position?: 'sidebar' } = {}): RowField {
  return slugField({
    overrides: (row) => ({ ...row, fields: row.fields.map(hideSwitch) }),
    position,
    required: false,
    slugify: ({ valueToSlugify }) => slugOf(valueToSlugify),
    useAsSlug,
  })
}

/** The slug a value gives: "Policy & Relations" → "policy-and-relations"; none for no text. */
export function slugOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? slugify(value) : undefined
}

const hideSwitch = (field: Field): Field => (field.type === 'checkbox' && field.name === 'generateSlug' ? { ...field, hidden: true } : field)
