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

/**
 * How long a generated slug may be (WordPress's limit too): room for any headline, and far under
 * what a `where` value may hold (1,000 characters), so a page is always found by its slug and
 * the importer's -2, -3… candidates stay queryable.
 */
export const SLUG_MAX_LENGTH = 200

/** The slug a value gives: "Policy & Relations" → "policy-and-relations"; none for no text. Long ones end at a word. */
export function slugOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? slugWithin(slugify(value), SLUG_MAX_LENGTH) : undefined
}

/** `slug` cut to at most `length` characters, at the end of a word where there is one. */
export function slugWithin(slug: string, length: number): string {
  if (slug.length <= length) return slug
  const wordEnd = slug.lastIndexOf('-', length)
  return slug.slice(0, wordEnd > 0 ? wordEnd : length)
}

const hideSwitch = (field: Field): Field => (field.type === 'checkbox' && field.name === 'generateSlug' ? { ...field, hidden: true } : field)
