import type { CollectionConfig, CollectionSlug } from 'payload'

import type { SectionKind } from './kinds'

import { articlePartAccess } from '../../src/access/articlePartAccess'
import { hasRole } from '../../src/access/roles'
import { ARTICLES, GROUPS, SECTIONS } from '../slugs'
import { actionBlocks } from './actionBlocks'
import { actionsOnlyWhereTaken } from './hooks/actionsOnlyWhereTaken'
import { onePerKind } from './hooks/onePerKind'
import { titleSectionOnSave } from './hooks/titleFromKindAndArticle'

/** A section as its article shows it: everything a page prints, never the article again. */
export const SECTION_ON_PAGE = { actions: true, body: true, heading: true, kind: true, order: true } as const

export function sectionsCollection({ kinds, petitionsSlug }: { kinds: SectionKind[]; petitionsSlug?: CollectionSlug }): CollectionConfig {
  const kindsWithActions = kinds.filter((kind) => kind.takesActions).map((kind) => kind.value)
  const kindLabels = Object.fromEntries(kinds.map(({ label, value }) => [value, label]))
  return {
    slug: SECTIONS,
    access: articlePartAccess('article'),
    admin: { defaultColumns: ['title', 'heading', 'body', 'order'], group: GROUPS.content, useAsTitle: 'title' },
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
      {
        name: 'title',
        type: 'text',
        // Staff only: it follows the article's latest draft, whose title may not be published yet.
        access: { read: ({ req }) => hasRole(req.user, 'admin', 'editor', 'author') },
        admin: { description: 'Kind, then article: set on save.', position: 'sidebar', readOnly: true },
      },
      {
        name: 'heading',
        type: 'text',
        admin: {
          components: { Cell: { clientProps: { kindLabels }, path: '/collections/sections/admin/SectionCells#HeadingCell' } },
          description: "Leave empty to use the kind's name.",
        },
      },
      {
        name: 'body',
        type: 'richText',
        admin: { components: { Cell: '/collections/sections/admin/SectionCells#ExcerptCell' } },
      },
      {
        name: 'actions',
        type: 'blocks',
        admin: { condition: (_data, siblingData) => kindsWithActions.includes(siblingData?.kind) },
        blocks: actionBlocks({ petitionsSlug }),
      },
      { name: 'order', type: 'number', admin: { position: 'sidebar' }, defaultValue: 0, index: true },
    ],
    hooks: { beforeChange: [titleSectionOnSave({ articlesSlug: ARTICLES, kinds })], beforeValidate: [onePerKind(kinds), actionsOnlyWhereTaken(kinds)] },
  }
}
