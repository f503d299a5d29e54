/**
 * Articles plugin: the republished news item at the heart of every page — headline, source
 * outlet and original time, summary, body — with drafts, autosave and scheduled publishing.
 * Other plugins add what links to it: categories, hero image, petition, sections, related links.
 */
import type { CollectionSlug, Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { hasCollection } from '../../src/plugins/extendCollection'
import { USERS } from '../slugs'
import { articleGuards, articlesCollection } from './Articles'

export type ArticlesPluginOptions = {
  /**
   * Keep the collection and its fields (for migrations) but drop the hooks, except the access
   * guards (only editors change live articles; authors credit only themselves).
   * @default false
   */
  disabled?: boolean
  /** Changes to the `articles` collection. */
  overrides?: CollectionOverrides
}

export const articlesPlugin =
  (options: ArticlesPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const usersSlug = incomingConfig.admin?.user ?? USERS
    // Without a users collection (a site of only public content) articles have no authors.
    const base = articlesCollection({ usersSlug: hasCollection(incomingConfig, usersSlug) ? (usersSlug as CollectionSlug) : undefined })
    const collection = applyCollectionOverrides(base, options.overrides, { disabled: options.disabled, guards: articleGuards })
    return { ...incomingConfig, collections: [...(incomingConfig.collections ?? []), collection] }
  }
