import type { CollectionConfig } from 'payload'

import { slug } from '../../src/fields/slug'

import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { anyone, isStaff } from '../../src/access/roleAccess'
import { CATEGORIES, GROUPS } from '../slugs'
import { breadcrumbsFromParents } from './hooks/breadcrumbsFromParents'
import { refuseParentCycles } from './hooks/refuseParentCycles'

export function categoriesCollection(): CollectionConfig {
  return {
    slug: CATEGORIES,
    access: { create: isStaff, delete: isAdminOrEditor, read: anyone, update: isStaff },
    admin: { defaultColumns: ['name', 'slug', 'parent'], group: GROUPS.content, useAsTitle: 'name' },
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
        relationTo: CATEGORIES,
      },
      {
        name: 'breadcrumbs',
        type: 'array',
        admin: { readOnly: true, description: 'From the top category down to this one.' },
        fields: [
          { name: 'category', type: 'relationship', relationTo: CATEGORIES },
          { name: 'name', type: 'text' },
          { name: 'slug', type: 'text' },
        ],
        hooks: { afterRead: [breadcrumbsFromParents] },
        virtual: true,
      },
    ],
    hooks: { beforeValidate: [refuseParentCycles] },
  }
}
