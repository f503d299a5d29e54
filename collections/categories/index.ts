/**
 * Categories plugin: the topics articles are filed under ("Foreign Policy & International
 * Relations"), optionally nested, each with a slug for category pages.
 */
import type { Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { extendCollection } from '../../src/plugins/extendCollection'
import { ARTICLES, CATEGORIES } from '../slugs'
import { categoriesCollection } from './Categories'

export type CategoriesPluginOptions = {
  /**
   * Keep the collection and its fields (for migrations) but drop the hooks.
   * @default false
   */
  disabled?: boolean
  /** Changes to the `categories` collection. */
  overrides?: CollectionOverrides
}

export const categoriesPlugin =
  (options: CategoriesPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const base = categoriesCollection()
    const collection = applyCollectionOverrides(base, options.overrides, options)
    const config = { ...incomingConfig, collections: [...(incomingConfig.collections ?? []), collection] }
    return extendCollection(config, ARTICLES, {
      fields: [
        { name: 'categories', type: 'relationship', admin: { position: 'sidebar' }, hasMany: true, index: true, relationTo: CATEGORIES },
      ],
    })
  }
