/**
 * The slug field every Broadside collection uses: Payload's own (derived from another field,
 * stable once published unless an editor changes it), with readable slugs —
 * "Policy & Relations" becomes "policy-and-relations", accents are transliterated.
 */
import type { RowField } from 'payload'

import slugify from '@sindresorhus/slugify'
import { slugField } from 'payload'

export function slug(useAsSlug: string, { position }: { position?: 'sidebar' } = {}): RowField {
  return slugField({
    position,
    required: false,
    slugify: ({ valueToSlugify }) => (typeof valueToSlugify === 'string' && valueToSlugify.trim() ? slugify(valueToSlugify) : undefined),
    useAsSlug,
  })
}
