/**
 * Live preview plugin: Payload's own Live Preview on the article edit view, showing the page the
 * site will write (its renderer, passed as `render`) and updating as the editor types. Payload's
 * admin loads `/api/articles/:id/live-preview` in its preview frame and posts the form to it;
 * the page's script has the server render each change (./endpoints, ./previewScript). Nothing
 * is stored by previewing: autosave and Save/Publish work as they do without it.
 */
import type { Config, LivePreviewConfig, Plugin } from 'payload'

import type { LivePreviewPluginOptions } from './types'

import { ARTICLES } from '../../collections/slugs'
import { extendCollection, hasCollection } from '../plugins/extendCollection'
import { PREVIEW_PATH, previewEndpoints } from './endpoints'

export type * from './types'

const DEFAULT_BREAKPOINTS: NonNullable<LivePreviewConfig['breakpoints']> = [
  { height: 844, label: 'Phone', name: 'phone', width: 390 },
  { height: 1024, label: 'Tablet', name: 'tablet', width: 768 },
  { height: 900, label: 'Desktop', name: 'desktop', width: 1440 },
]

export const livePreviewPlugin =
  ({ breakpoints = DEFAULT_BREAKPOINTS, disabled = false, render }: LivePreviewPluginOptions): Plugin =>
  (incomingConfig: Config): Config => {
    if (disabled || !hasCollection(incomingConfig, ARTICLES)) return incomingConfig
    const config = extendCollection(incomingConfig, ARTICLES, { endpoints: previewEndpoints(render) })
    const livePreview: LivePreviewConfig = {
      breakpoints,
      // Relative: the admin makes it absolute with its own origin, which is this server's.
      url: ({ data, req }) =>
        data?.id === undefined || data.id === null ? null : `${req.payload.config.serverURL}${req.payload.config.routes.api}/${ARTICLES}/${encodeURIComponent(String(data.id))}/${PREVIEW_PATH}`,
    }
    return {
      ...config,
      collections: config.collections!.map((collection) =>
        collection.slug === ARTICLES ? { ...collection, admin: { ...collection.admin, livePreview: { ...collection.admin?.livePreview, ...livePreview } } } : collection,
      ),
    }
  }
