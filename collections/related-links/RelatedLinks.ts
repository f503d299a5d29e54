import type { CollectionConfig } from 'payload'

import { articlePartAccess } from '../../src/access/articlePartAccess'
import { webUrl } from '../../src/validation/webUrl'
import { ARTICLES, GROUPS, RELATED_LINKS } from '../slugs'
import { editorsChoiceIsManual } from './hooks/editorsChoiceIsManual'
import { linkTargetRequired } from './hooks/linkTargetRequired'

/** A link as its article's list shows it: where it goes, in which place; never its `from`. */
export const RELATED_LINK_ON_PAGE = { external: true, position: true, to: true } as const

export function relatedLinksCollection(): CollectionConfig {
  return {
    slug: RELATED_LINKS,
    // Visitors never see a link to an unpublished article, nor one an editor excluded.
    access: articlePartAccess('from', {
      publicWhere: {
        and: [
          { excluded: { not_equals: true } },
          { or: [{ to: { exists: false } }, { 'to._status': { equals: 'published' } }] },
        ],
      },
    }),
    admin: { defaultColumns: ['from', 'position', 'to', 'external.title', 'origin'], group: GROUPS.content },
    defaultPopulate: RELATED_LINK_ON_PAGE,
    defaultSort: 'position',
    fields: [
      { name: 'from', type: 'relationship', index: true, relationTo: ARTICLES, required: true },
      { name: 'to', type: 'relationship', index: true, relationTo: ARTICLES },
      {
        name: 'external',
        type: 'group',
        admin: { description: 'A headline from another outlet, instead of one of our articles.' },
        fields: [
          { name: 'title', type: 'text' },
          { name: 'url', type: 'text', validate: webUrl },
          { name: 'outlet', type: 'text' },
          { name: 'publishedAt', type: 'date' },
        ],
      },
      {
        name: 'origin',
        type: 'select',
        defaultValue: 'manual',
        options: [
          { label: 'Built automatically', value: 'auto' },
          { label: 'Added by an editor', value: 'manual' },
        ],
      },
      { name: 'pinned', type: 'checkbox', admin: { description: 'Always listed, ahead of automatic links.' }, defaultValue: false },
      { name: 'excluded', type: 'checkbox', admin: { description: 'Never listed, even when the scorer picks it.' }, defaultValue: false },
      { name: 'position', type: 'number', admin: { description: 'Rank in the list, 1 first.' }, index: true, min: 1 },
      { name: 'score', type: 'number', admin: { readOnly: true } },
      { name: 'reason', type: 'json', admin: { readOnly: true } },
    ],
    hooks: { beforeChange: [editorsChoiceIsManual], beforeValidate: [linkTargetRequired] },
  }
}
