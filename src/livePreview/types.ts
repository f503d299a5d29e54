import type { LivePreviewConfig, PayloadRequest } from 'payload'

import type { ArticlePage } from '../articlePage/types'

/** Renders an article's page as the site would write it: a whole HTML document. */
export type RenderPreview = (page: ArticlePage, req: PayloadRequest) => Promise<string> | string

export type LivePreviewPluginOptions = {
  /**
   * The preview's sizes in the admin's toolbar, beside "Responsive".
   * @default a phone, a tablet and a desktop
   */
  breakpoints?: LivePreviewConfig['breakpoints']
  /**
   * No Live Preview in the admin and no preview routes (the plugin adds no schema).
   * @default false
   */
  disabled?: boolean
  /** The site's page renderer (payload.config.ts passes the example static site's). */
  render: RenderPreview
}
