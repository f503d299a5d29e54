import type { CollectionConfig } from 'payload'

import { slug } from '../../src/fields/slug'

import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { anyone, isStaff } from '../../src/access/roleAccess'
import { CATEGORIES, GROUPS } from '../slugs'
import { breadcrumbsFromParents } from './hooks/breadcrumbsFromParents'
import { refuseParentCycles } from './hooks/refuseParentCycles'

/** A category as an article shows it: a link to its page; its parent stays an id. */
export const CATEGORY_CARD = { name: true, parent: true, slug: true } as const

export function categoriesCollection(): CollectionConfig {
  return {
    slug: CATEGORIES,
    access: { create: isStaff, delete: isAdminOrEditor, read: anyone, update: isStaff },
    admin: { defaultColumns: ['name', 'slug', 'parent'], group: GROUPS.content, useAsTitle: 'name' },
    defaultPopulate: CATEGORY_CARD,
    defaultSort: 'name',
    fields: [
      { name: 'name', type: 'text', required: true, unique: true },
      slug('name'),
      { name: 'description', type: 'textarea' },
      {
        name: 'parent',
        type: 'relationship',
        admin: { position: 'sidebar' },
        filterOptions: ({ id }) => (id ? { id: { not_equals: id } } : true),
        // Read directly, a category shows its parent as a card; a category inside another
        // document (an article's) keeps its parent as an id.
        maxDepth: 1,
        relationTo: CATEGORIES,
      },
      {
        name: 'breadcrumbs',
        type: 'array',
        admin: { readOnly: true, description: 'From the top category down to this one.' },
        // Names and slugs are what a trail shows. Payload would give each row an id, a fresh
        // random one on every read (nothing is stored): this hidden id field, without a default,
        // keeps rows id-free (the admin keys its rows itself).
        fields: [
          { name: 'name', type: 'text' },
          { name: 'slug', type: 'text' },
          { name: 'id', type: 'text', hidden: true },
        ],
        hooks: { afterRead: [breadcrumbsFromParents] },
        virtual: true,
      },
    ],
    hooks: { beforeValidate: [refuseParentCycles] },
  }
}
