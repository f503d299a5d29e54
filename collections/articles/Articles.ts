import type { CollectionConfig, CollectionSlug, Field } from 'payload'

import { slug } from '../../src/fields/slug'

import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { isStaff } from '../../src/access/roleAccess'
import { webUrl } from '../../src/validation/webUrl'
import { ARTICLES, GROUPS } from '../slugs'
import { readArticles, readArticleVersions, updateArticles } from './access'
import { authorsCreditOnlyThemselves, duplicateCreditsOnlyTheAuthor } from './hooks/authorsCreditOnlyThemselves'
import { creatorIsAuthor } from './hooks/creatorIsAuthor'
import { onlyEditorsChangeLive } from './hooks/onlyEditorsChangeLive'
import { setPublishedAt } from './hooks/setPublishedAt'
import { unpublishedKeepsLatestDraft } from './hooks/unpublishedKeepsLatestDraft'

/** The access rules written as hooks: they stay when the plugin is `disabled`. */
export const articleGuards: NonNullable<CollectionConfig['hooks']> = { beforeOperation: [onlyEditorsChangeLive] }

/**
 * What an article is when another document holds it (a related link's `to`): enough for a card.
 * Plugins that add a field a card shows (the hero image) add it here through `extendCollection`.
 */
export const ARTICLE_CARD = {
  publishedAt: true,
  slug: true,
  source: { outlet: true },
  summary: true,
  title: true,
} as const

export function articlesCollection({ usersSlug }: { usersSlug?: CollectionSlug }): CollectionConfig {
  return {
    slug: ARTICLES,
    access: {
      create: isStaff,
      delete: isAdminOrEditor,
      read: readArticles,
      readVersions: readArticleVersions,
      update: updateArticles,
    },
    admin: {
      defaultColumns: ['title', '_status', 'publishedAt', 'updatedAt'],
      group: GROUPS.content,
      useAsTitle: 'title',
    },
    defaultPopulate: ARTICLE_CARD,
    defaultSort: '-publishedAt',
    // Visitors' lists: published ones, newest first (Payload breaks ties by createdAt). Without it
    // SQLite sorted every published row, bodies and all, to answer a page of ten.
    indexes: [{ fields: ['_status', 'publishedAt', 'createdAt'] }],
    fields: [
      { name: 'title', type: 'text', required: true },
      slug('title', { position: 'sidebar' }),
      { name: 'summary', type: 'textarea', admin: { description: 'The lede: one or two sentences.' } },
      { name: 'body', type: 'richText' },
      {
        name: 'source',
        type: 'group',
        admin: { description: 'Where the news item was first published.' },
        fields: [
          { name: 'outlet', type: 'text', admin: { description: 'e.g. indianexpress.com' } },
          { name: 'url', type: 'text', index: true, validate: webUrl },
          {
            name: 'publishedAt',
            type: 'date',
            admin: { date: { pickerAppearance: 'dayAndTime' }, description: 'The original date and time (stored in UTC).' },
          },
          { name: 'byline', type: 'text' },
        ],
      },
      ...authorsField(usersSlug),
      {
        name: 'publishedAt',
        type: 'date',
        admin: { date: { pickerAppearance: 'dayAndTime' }, position: 'sidebar', readOnly: true },
        index: true,
      },
    ],
    hooks: { afterChange: [unpublishedKeepsLatestDraft], beforeChange: [creatorIsAuthor, setPublishedAt] },
    versions: {
      drafts: { autosave: { interval: 2000 }, schedulePublish: true },
      maxPerDoc: 50,
    },
  }
}

function authorsField(usersSlug: CollectionSlug | undefined): Field[] {
  if (!usersSlug) return []
  return [
    {
      name: 'authors',
      type: 'relationship',
      admin: { position: 'sidebar' },
      hasMany: true,
      hooks: { beforeDuplicate: [duplicateCreditsOnlyTheAuthor], beforeValidate: [authorsCreditOnlyThemselves] },
      relationTo: usersSlug,
    },
  ]
}
