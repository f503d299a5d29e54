import type { CollectionConfig, CollectionSlug } from 'payload'

import type { SectionKind } from './kinds'

import { articlePartAccess } from '../../src/access/articlePartAccess'
import { ARTICLES, GROUPS, SECTIONS } from '../slugs'
import { actionBlocks } from './actionBlocks'
import { onePerKind } from './hooks/onePerKind'

/** A section as its article shows it: everything a page prints, never the article again. */
export const SECTION_ON_PAGE = { actions: true, body: true, heading: true, kind: true, order: true } as const

export function sectionsCollection({ kinds, petitionsSlug }: { kinds: SectionKind[]; petitionsSlug?: CollectionSlug }): CollectionConfig {
  const kindsWithActions = kinds.filter((kind) => kind.takesActions).map((kind) => kind.value)
  return {
    slug: SECTIONS,
    access: articlePartAccess('article'),
    admin: { defaultColumns: ['article', 'kind', 'heading', 'order'], group: GROUPS.content, useAsTitle: 'heading' },
    defaultPopulate: SECTION_ON_PAGE,
    defaultSort: 'order',
    fields: [
      { name: 'article', type: 'relationship', index: true, relationTo: ARTICLES, required: true },
      {
        name: 'kind',
        type: 'select',
        index: true,
        options: kinds.map(({ label, value }) => ({ label, value })),
        required: true,
      },
      { name: 'heading', type: 'text', admin: { description: "Leave empty to use the kind's name." } },
      { name: 'body', type: 'richText' },
      {
        name: 'actions',
        type: 'blocks',
        admin: { condition: (_data, siblingData) => kindsWithActions.includes(siblingData?.kind) },
        blocks: actionBlocks({ petitionsSlug }),
      },
      { name: 'order', type: 'number', admin: { position: 'sidebar' }, defaultValue: 0, index: true },
    ],
    hooks: { beforeValidate: [onePerKind(kinds)] },
  }
}
