/**
 * Cache-tags plugin: names, on every public read, what the answer holds, so a CDN (or any
 * cache) can drop exactly the answers a change made stale. Read hooks on the public
 * collections and globals note into the request's collector (./collector) each document read
 * — populated and joined ones too, since Payload reads those through the same hooks — the ids
 * it points at, a list read as its collection's list tag, and a global as `global:<slug>`.
 * The route files wrap REST GETs and GraphQL POSTs with `withCacheTags`, which writes the
 * headers (./headers); webhook items list the same tags for each change (./changeTags).
 * Composed last, so it reaches every collection the content types added.
 */
import type { CollectionAfterReadHook, CollectionBeforeOperationHook, Config, GlobalAfterReadHook, Plugin } from 'payload'

import type { CacheTagsPluginOptions } from './types'

import { ARTICLES, CATEGORIES, MEDIA, PETITIONS, RELATED_LINKS, SECTIONS, SITE_SETTINGS } from '../../collections/slugs'
import { appendHooks } from '../plugins/collectionOverrides'
import { collectingCacheTags, noteCacheTags } from './collector'
import { documentTag, globalTag, listTag, TAGGED_SLUGS, type TaggedSlugs } from './names'
import { references } from './references'

export type { CacheTagsPluginOptions } from './types'
export { changeTags } from './changeTags'
export { withCacheTags } from './collector'

export const DEFAULT_TAGGED_COLLECTIONS = [ARTICLES, CATEGORIES, SECTIONS, PETITIONS, RELATED_LINKS, MEDIA]
export const DEFAULT_TAGGED_GLOBALS = [SITE_SETTINGS]

export const cacheTagsPlugin =
  (options: CacheTagsPluginOptions = {}): Plugin =>
  (config: Config): Config => {
    if (options.disabled) return config
    const wanted = new Set(options.collections ?? DEFAULT_TAGGED_COLLECTIONS)
    const wantedGlobals = new Set(options.globals ?? DEFAULT_TAGGED_GLOBALS)
    const tagged: TaggedSlugs = {
      collections: (config.collections ?? []).map((collection) => collection.slug).filter((slug) => wanted.has(slug)),
      globals: (config.globals ?? []).map((global) => global.slug).filter((slug) => wantedGlobals.has(slug)),
    }
    const isTagged = new Set(tagged.collections)

    /** Each document read, and what it points at (an id shown unpopulated is held all the same). */
    const noteDocument: CollectionAfterReadHook = ({ collection, doc, req }) => {
      // Visitors never get a draft: one read here is a hook's own read, not part of the answer.
      if (!collectingCacheTags(req) || (!req.user && doc?._status === 'draft')) return doc
      noteCacheTags(req, documentTag(collection.slug, doc?.id), ...pointedAt(collection.flattenedFields, doc))
      return doc
    }
    /**
     * A list read (not a population: those carry `currentDepth`) is tagged with its collection,
     * since any publish may change it; a read by id names that id even when nothing is found,
     * so the answer goes once the document appears.
     */
    const noteRead: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
      if (!collectingCacheTags(req)) return args
      const { currentDepth, id } = args as { currentDepth?: number; id?: number | string }
      if (operation === 'count' || (operation === 'read' && id === undefined && !currentDepth)) noteCacheTags(req, listTag(collection.slug))
      else if (operation === 'read' && !currentDepth) noteCacheTags(req, documentTag(collection.slug, id))
      return args
    }
    const noteGlobal: GlobalAfterReadHook = ({ doc, global, req }) => {
      if (collectingCacheTags(req)) noteCacheTags(req, globalTag(global.slug), ...pointedAt(global.flattenedFields, doc))
      return doc
    }
    const pointedAt = (fields: Parameters<typeof references>[0], doc: unknown) =>
      references(fields, doc)
        .filter((reference) => isTagged.has(reference.collection))
        .map((reference) => documentTag(reference.collection, reference.id))

    return {
      ...config,
      collections: (config.collections ?? []).map((collection) =>
        isTagged.has(collection.slug)
          ? { ...collection, hooks: appendHooks(collection.hooks, { afterRead: [noteDocument], beforeOperation: [noteRead] }) }
          : collection,
      ),
      custom: { ...config.custom, [TAGGED_SLUGS]: tagged },
      globals: (config.globals ?? []).map((global) =>
        wantedGlobals.has(global.slug) ? { ...global, hooks: { ...global.hooks, afterRead: [...(global.hooks?.afterRead ?? []), noteGlobal] } } : global,
      ),
    }
  }
