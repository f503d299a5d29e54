/**
 * Related-links plugin: the "N Related Article(s)" list ending each page — links to our own
 * articles and to headlines elsewhere — shown on the article as the read-only join
 * `relatedLinks`, in page order.
 */
import type { CollectionBeforeDeleteHook, Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { extendCollection } from '../../src/plugins/extendCollection'
import { ARTICLES, RELATED_LINKS } from '../slugs'
import { relatedLinksCollection } from './RelatedLinks'

export type RelatedLinksPluginOptions = {
  /**
   * Keep the collection and fields (for migrations) but drop the hooks.
   * @default false
   */
  disabled?: boolean
  /** Changes to the `related-links` collection. */
  overrides?: CollectionOverrides
}

export const relatedLinksPlugin =
  (options: RelatedLinksPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const base = relatedLinksCollection()
    const collection = applyCollectionOverrides(base, options.overrides, options)
    const config = { ...incomingConfig, collections: [...(incomingConfig.collections ?? []), collection] }
    return extendCollection(config, ARTICLES, {
      fields: [
        {
          name: 'relatedLinks',
          type: 'join',
          collection: RELATED_LINKS,
          defaultLimit: 50,
          defaultSort: 'position',
          on: 'from',
        },
      ],
      hooks: options.disabled ? {} : { beforeDelete: [deleteLinksOfArticle] },
    })
  }

/** An article's own links go with it, and so do links to it from other articles (removed first, in the same transaction). */
const deleteLinksOfArticle: CollectionBeforeDeleteHook = async ({ id, req }) => {
  await req.payload.delete({
    collection: RELATED_LINKS,
    overrideAccess: true,
    req,
    where: { or: [{ from: { equals: id } }, { to: { equals: id } }] },
  })
}
