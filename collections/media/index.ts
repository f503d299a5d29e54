/**
 * Media plugin: images uploaded into `media/`, resized by sharp (thumbnail, card, and an
 * Open Graph crop around the focal point), and the `heroImage` field on articles.
 */
import type { Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { extendCollection } from '../../src/plugins/extendCollection'
import { ARTICLES, MEDIA } from '../slugs'
import { mediaCollection } from './Media'

export type MediaPluginOptions = {
  /**
   * Keep the collection (for migrations) but drop the hooks.
   * @default false
   */
  disabled?: boolean
  /**
   * Largest upload accepted, in bytes; larger ones get 413.
   * @default 10485760 (10 MB)
   */
  maxFileSize?: number
  /**
   * Largest image accepted, in pixels (width × height), against decompression bombs.
   * @default 40000000 (e.g. 8000 × 5000)
   */
  maxPixels?: number
  /** Changes to the `media` collection. */
  overrides?: CollectionOverrides
  /**
   * Folder uploaded files are stored in.
   * @default 'media'
   */
  staticDir?: string
}

export const mediaPlugin =
  (options: MediaPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const base = mediaCollection({ maxPixels: options.maxPixels ?? 40_000_000, staticDir: options.staticDir ?? 'media' })
    const collection = applyCollectionOverrides(base, options.overrides, options)
    const config: Config = {
      ...incomingConfig,
      collections: [...(incomingConfig.collections ?? []), collection],
      upload: {
        ...incomingConfig.upload,
        limits: { ...incomingConfig.upload?.limits, fileSize: options.maxFileSize ?? 10 * 1024 * 1024 },
      },
    }
    return extendCollection(config, ARTICLES, {
      // An article's card shows its hero image (as the media card).
      defaultPopulate: { heroImage: true },
      fields: [{ name: 'heroImage', type: 'upload', relationTo: MEDIA }],
    })
  }
