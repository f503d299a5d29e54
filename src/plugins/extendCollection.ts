/**
 * How a plugin adds to a collection another plugin registered — a field pointing at its own
 * collection, or a hook — without knowing whether that plugin is in the config: when the
 * collection is absent, the config is returned unchanged, so either plugin can be removed.
 */
import type { CollectionConfig, Config, Field, GlobalConfig, SelectIncludeType } from 'payload'

import { appendHooks } from './collectionOverrides'

export type CollectionExtension = {
  /**
   * Fields to add to the collection's `defaultPopulate` (what it shows when another document
   * holds it), when it has one; a collection without one is populated whole already.
   */
  defaultPopulate?: SelectIncludeType
  endpoints?: Exclude<CollectionConfig['endpoints'], false | undefined>
  fields?: Field[]
  hooks?: CollectionConfig['hooks']
}

export function hasCollection(config: Config, slug: string): boolean {
  return Boolean(config.collections?.some((collection) => collection.slug === slug))
}

export function extendCollection(config: Config, slug: string, { defaultPopulate, endpoints = [], fields = [], hooks }: CollectionExtension): Config {
  if (!hasCollection(config, slug)) return config
  return {
    ...config,
    collections: config.collections!.map((collection) =>
      collection.slug === slug
        ? {
            ...collection,
            defaultPopulate: collection.defaultPopulate && defaultPopulate ? { ...(collection.defaultPopulate as SelectIncludeType), ...defaultPopulate } : collection.defaultPopulate,
            endpoints: [...(collection.endpoints || []), ...endpoints],
            fields: [...collection.fields, ...fields],
            hooks: appendHooks(collection.hooks, hooks),
          }
        : collection,
    ),
  }
}

export function extendGlobal(config: Config, slug: string, fields: Field[]): Config {
  if (!config.globals?.some((global) => global.slug === slug)) return config
  return {
    ...config,
    globals: config.globals.map((global): GlobalConfig => (global.slug === slug ? { ...global, fields: [...global.fields, ...fields] } : global)),
  }
}
