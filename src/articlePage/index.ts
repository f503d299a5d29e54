/**
 * Article page plugin: everything one page of the site shows — the article with its source,
 * categories and hero image, its sections with their actions, its petition (or the site's
 * default), its related links as cards — in one request: `GET /api/articles/page/:slug` and the
 * GraphQL query `ArticlePage`, both answered by `assembleArticlePage` (also the Local API way).
 * It only reads; without the sections, petitions, related-links, categories or media plugins the
 * page simply has none of theirs.
 */
import type { Config, Plugin } from 'payload'

import type { ArticlePagePluginOptions } from './types'

import { ARTICLES } from '../../collections/slugs'
import { extendCollection, hasCollection } from '../plugins/extendCollection'
import { articlePageEndpoint } from './endpoint'
import { articlePageQuery } from './graphQL'

export { type ArticleOverlay, assembleArticlePage, assembleArticlePageById, type ArticlePageOptions } from './assembleArticlePage'
export type * from './types'

export const articlePagePlugin =
  (options: ArticlePagePluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    if (options.disabled || !hasCollection(incomingConfig, ARTICLES)) return incomingConfig
    const config = extendCollection(incomingConfig, ARTICLES, { endpoints: [articlePageEndpoint] })
    const otherQueries = config.graphQL?.queries
    return {
      ...config,
      graphQL: {
        ...config.graphQL,
        queries: (GraphQL, context) => ({
          ...otherQueries?.(GraphQL, context),
          ArticlePage: articlePageQuery(GraphQL, context.config),
        }),
      },
    }
  }
