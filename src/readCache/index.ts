/**
 * The exact read cache's database side: the content generation global, and hooks on every
 * public collection and global present that replace its token with each change (see
 * ./generation). Composed after the content types, so it reaches whichever of them the config
 * holds. The cache itself sits in the express host (./middleware) in front of Next.
 *
 * The hooks write even when this process's cache is off: another process on the same database
 * may have its cache on.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeOperationHook, Config, GlobalAfterChangeHook, Plugin } from 'payload'

import { ARTICLES, CATEGORIES, MEDIA, PETITIONS, RELATED_LINKS, SECTIONS, SITE_SETTINGS } from '../../collections/slugs'
import { appendHooks } from '../plugins/collectionOverrides'
import { bumpGeneration, ensureGenerationRow, generationGlobal } from './generation'

export type ReadCachePluginOptions = {
  /**
   * Collections visitors read: their REST routes are cached, and each change to them starts a
   * new generation. Signatures are deliberately absent (signing must not empty the cache; counts
   * lag instead, see READ_CACHE_COUNT_S).
   * @default articles, categories, sections, petitions, related-links, media
   */
  publicCollections?: string[]
  /** @default site-settings */
  publicGlobals?: string[]
}

export const DEFAULT_PUBLIC_COLLECTIONS = [ARTICLES, CATEGORIES, SECTIONS, PETITIONS, RELATED_LINKS, MEDIA]
export const DEFAULT_PUBLIC_GLOBALS = [SITE_SETTINGS]

const WRITES = new Set(['create', 'delete', 'restoreVersion', 'update'])

/**
 * Writes the token first thing in a write's transaction, before any row of its own. On
 * PostgreSQL that takes the token row's lock at the start: every public write queues on it in
 * the same order, so none can hold a row another is waiting for while waiting for the token
 * (had the token been written only after the change, a publish rewriting a neighbour's related
 * links could deadlock with the neighbour's own publish). The after-change write below stays:
 * it is a no-op in the same transaction, and the write that counts when there is none.
 * Visitors cannot write public content; their refused attempts must not empty the cache.
 */
const bumpBeforeWrite: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (WRITES.has(operation) && (req.user || req.payloadAPI === 'local')) await bumpGeneration(req)
  return args
}

const bumpAfterChange: CollectionAfterChangeHook = async ({ doc, req }) => {
  await bumpGeneration(req)
  return doc
}
const bumpAfterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await bumpGeneration(req)
  return doc
}
const bumpAfterGlobalChange: GlobalAfterChangeHook = async ({ doc, req }) => {
  await bumpGeneration(req)
  return doc
}

export const readCachePlugin =
  ({ publicCollections = DEFAULT_PUBLIC_COLLECTIONS, publicGlobals = DEFAULT_PUBLIC_GLOBALS }: ReadCachePluginOptions = {}): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: (config.collections ?? []).map((collection) =>
      publicCollections.includes(collection.slug)
        ? { ...collection, hooks: appendHooks(collection.hooks, { afterChange: [bumpAfterChange], afterDelete: [bumpAfterDelete], beforeOperation: [bumpBeforeWrite] }) }
        : collection,
    ),
    globals: [
      ...(config.globals ?? []).map((global) =>
        publicGlobals.includes(global.slug) ? { ...global, hooks: { ...global.hooks, afterChange: [...(global.hooks?.afterChange ?? []), bumpAfterGlobalChange] } } : global,
      ),
      generationGlobal,
    ],
    custom: {
      ...config.custom,
      readCache: {
        publicCollections,
        publicGlobals,
        // Read here, before Payload adds its own root endpoints (access, auth) to the list.
        rootReadPaths: (config.endpoints ?? []).filter((endpoint) => endpoint.method === 'get').map((endpoint) => endpoint.path.split('/').find(Boolean) ?? ''),
      } satisfies ReadCacheScope,
    },
    onInit: async (payload) => {
      await config.onInit?.(payload)
      await ensureGenerationRow(payload)
    },
  })

/**
 * What the host may cache, as the plugin recorded it in the config's `custom`: the public
 * collections and globals, and the first path segment of each GET endpoint plugins registered
 * at /api itself (such as a page endpoint).
 */
export type ReadCacheScope = { publicCollections: string[]; publicGlobals: string[]; rootReadPaths: string[] }
