/**
 * Sections plugin: the commentary a page adds to the news — Opinion, Action, To Do by default,
 * more through `kinds` — each in its own document linked to its article, shown on the article
 * as the read-only join `sections`.
 */
import type { CollectionBeforeDeleteHook, Config, Plugin } from 'payload'

import type { RequirementsByCategory } from '../../hooks/requiredSections/checklist'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'
import type { SectionKind } from './kinds'

import {
  DELETING_ARTICLE,
  keepRequiredSectionOnDelete,
  keepRequiredSectionOnUpdate,
  publishChecklistEndpoint,
  requireSectionsToPublish,
} from '../../hooks/requiredSections/index'
import { applyCollectionOverrides, appendHooks } from '../../src/plugins/collectionOverrides'
import { extendCollection, hasCollection } from '../../src/plugins/extendCollection'
import { leaveJoinOutOfLists } from '../../src/reads/leaveJoinOutOfLists'
import { ARTICLES, PETITIONS, SECTIONS } from '../slugs'
import { retitleSectionsOnArticleChange } from './hooks/titleFromKindAndArticle'
import { DEFAULT_SECTION_KINDS } from './kinds'
import { sectionsCollection } from './Sections'

export type { SectionKind } from './kinds'
export { DEFAULT_SECTION_KINDS } from './kinds'

export type SectionsPluginOptions = {
  /**
   * Keep the collection and fields (for migrations) but drop the hooks.
   * @default false
   */
  disabled?: boolean
  /**
   * The kinds of section an article can have.
   * @default DEFAULT_SECTION_KINDS (opinion, action, todo; all required to publish; todo takes actions)
   */
  kinds?: SectionKind[]
  /** Changes to the `sections` collection. */
  overrides?: CollectionOverrides
  /**
   * Per category slug, the section kinds publishing needs instead of the kinds' defaults,
   * e.g. `{ briefs: [] }`. An article in several listed categories needs what all of them need.
   * @default {}
   */
  requirementsByCategory?: RequirementsByCategory
}

export const sectionsPlugin =
  (options: SectionsPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const kinds = options.kinds ?? DEFAULT_SECTION_KINDS
    const required = { byCategory: options.requirementsByCategory, kinds }
    const base = sectionsCollection({
      kinds,
      petitionsSlug: hasCollection(incomingConfig, PETITIONS) ? PETITIONS : undefined,
    })
    const withGuards = {
      ...base,
      hooks: appendHooks(base.hooks, {
        beforeChange: [keepRequiredSectionOnUpdate(required)],
        beforeDelete: [keepRequiredSectionOnDelete(required)],
      }),
    }
    const collection = applyCollectionOverrides(withGuards, options.overrides, options)
    const config: Config = {
      ...incomingConfig,
      // The dashboard lists drafts the checklist holds back, with what each still needs.
      admin: options.disabled
        ? incomingConfig.admin
        : {
            ...incomingConfig.admin,
            components: {
              ...incomingConfig.admin?.components,
              beforeDashboard: [
                ...(incomingConfig.admin?.components?.beforeDashboard ?? []),
                { path: '/collections/sections/admin/BlockedDrafts#BlockedDrafts', serverProps: { required } },
              ],
            },
          },
      collections: [...(incomingConfig.collections ?? []), collection],
    }
    const kindLabels = Object.fromEntries(kinds.map(({ label, value }) => [value, label]))
    return extendCollection(config, ARTICLES, {
      fields: [
        // Add what the checklist misses in one click, and reorder (admin/SectionsPanel.tsx).
        ...(options.disabled
          ? []
          : [
              {
                name: 'sectionsPanel',
                type: 'ui' as const,
                admin: {
                  components: {
                    Field: { clientProps: { kindLabels, sectionsSlug: collection.slug }, path: '/collections/sections/admin/SectionsPanel#SectionsPanel' },
                  },
                },
              },
            ]),
        {
          name: 'sections',
          type: 'join',
          collection: SECTIONS,
          // The article is the page itself: its sections read by kind, heading and a line of text.
          admin: {
            // Drawn afresh when the Sections panel above reorders or adds sections.
            components: { Field: '/src/admin/RefreshingJoinField#RefreshingJoinField' },
            defaultColumns: ['kind', 'heading', 'body', 'order'],
          },
          defaultLimit: 50,
          defaultSort: 'order',
          on: 'article',
        },
        {
          name: 'publishChecklist',
          type: 'ui',
          admin: {
            components: { Field: '/collections/sections/admin/PublishChecklist#PublishChecklist' },
            position: 'sidebar',
          },
        },
      ],
      endpoints: options.disabled ? [] : [publishChecklistEndpoint(required)],
      // Lists of articles stay lean whatever the plugin's state: it is what reads promise.
      hooks: options.disabled
        ? { beforeOperation: [leaveJoinOutOfLists('sections')] }
        : {
            afterChange: [retitleSectionsOnArticleChange({ kinds, sectionsSlug: SECTIONS })],
            beforeChange: [requireSectionsToPublish(required)],
            beforeDelete: [deleteArticleSections],
            beforeOperation: [leaveJoinOutOfLists('sections')],
          },
    })
  }

/** An article's sections go with it, removed first so no section is ever left without its article. */
const deleteArticleSections: CollectionBeforeDeleteHook = async ({ id, req }) => {
  req.context[DELETING_ARTICLE] = id
  await req.payload.delete({ collection: SECTIONS, overrideAccess: true, req, where: { article: { equals: id } } })
}
