/**
 * Related-links plugin: the "N Related Article(s)" list ending each page — links to our own
 * articles and to headlines elsewhere — shown on the article as the read-only join
 * `relatedLinks`, in page order. Publishing builds the automatic links (hooks/relatedLinks).
 */
import type { Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'
import type { ScoringOptions } from '../../src/related/scoreRelated'

import {
  leaveRelatedOnDelete,
  refillListsOnDelete,
  reorderListOnLinkChange,
  reorderListOnLinkDelete,
  syncRelatedOnChange,
} from '../../hooks/relatedLinks/index'

import { applyCollectionOverrides, appendHooks } from '../../src/plugins/collectionOverrides'
import { extendCollection } from '../../src/plugins/extendCollection'
import { leaveJoinOutOfLists } from '../../src/reads/leaveJoinOutOfLists'
import { ARTICLES, RELATED_LINKS } from '../slugs'
import { relatedLinksCollection } from './RelatedLinks'
import { termIndexCollections } from './TermIndex'

export type RelatedLinksPluginOptions = {
  /**
   * Keep the collection and fields (for migrations) but drop the hooks.
   * @default false
   */
  disabled?: boolean
  /**
   * Automatic links each published article gets (pinned and editors' links come on top).
   * @default 10
   */
  linksPerArticle?: number
  /** Changes to the `related-links` collection. */
  overrides?: CollectionOverrides
  /**
   * How relatedness is scored: signal weights, threshold, recency half-life, BM25 parameters,
   * distinctive shared terms needed.
   * @default text 0.65, shared categories 0.2, shared neighbours 0.07, recency 0.08 (half-life
   * 30 days); threshold 0.12; two shared terms outside everyday English (or a shared category)
   */
  scoring?: ScoringOptions
}

export const relatedLinksPlugin =
  (options: RelatedLinksPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const related = { linksPerArticle: options.linksPerArticle ?? 10, scoring: options.scoring }
    const links = relatedLinksCollection()
    const base = {
      ...links,
      hooks: appendHooks(links.hooks, {
        afterChange: [reorderListOnLinkChange(related)],
        afterDelete: [reorderListOnLinkDelete(related)],
      }),
    }
    const collection = applyCollectionOverrides(base, options.overrides, options)
    const config = {
      ...incomingConfig,
      collections: [...(incomingConfig.collections ?? []), collection, ...termIndexCollections()],
    }
    return extendCollection(config, ARTICLES, {
      fields: [
        // Pin, exclude, move and add links from the article (admin/RelatedLinksPanel.tsx).
        ...(options.disabled
          ? []
          : [
              {
                name: 'relatedLinksPanel',
                type: 'ui' as const,
                admin: {
                  components: {
                    Field: { clientProps: { linksSlug: collection.slug }, path: '/collections/related-links/admin/RelatedLinksPanel#RelatedLinksPanel' },
                  },
                },
              },
            ]),
        {
          name: 'relatedLinks',
          type: 'join',
          collection: RELATED_LINKS,
          // The article is the page itself: the table shows where each link goes, never "from".
          admin: {
            // Drawn afresh when the Related links panel above changes the list.
            components: { Field: '/src/admin/RefreshingJoinField#RefreshingJoinField' },
            defaultColumns: ['position', 'to', 'external.title', 'origin', 'score'],
          },
          defaultLimit: 50,
          defaultSort: 'position',
          // Joined links are documents one level down: depth 2 reaches the articles they point at
          // (as cards), depth 3 their hero images (as media cards).
          maxDepth: 3,
          on: 'from',
        },
      ],
      // Lists of articles stay lean whatever the plugin's state: it is what reads promise.
      hooks: options.disabled
        ? { beforeOperation: [leaveJoinOutOfLists('relatedLinks')] }
        : {
            afterChange: [syncRelatedOnChange(related)],
            afterDelete: [refillListsOnDelete(related)],
            beforeDelete: [leaveRelatedOnDelete],
            beforeOperation: [leaveJoinOutOfLists('relatedLinks')],
          },
    })
  }
