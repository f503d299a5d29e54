/**
 * Import from the admin: an "Import pages" view (linked from the navigation) where editors
 * upload saved `.txt` pages, read the dry-run report of each, then import them — optionally
 * publishing — through `POST /api/import-pages`, the same importer as `npm run import`.
 * Without the articles collection there is nothing to import into, and the config is unchanged.
 */
import type { Config, Plugin } from 'payload'

import { ARTICLES } from '../../../collections/slugs'
import { hasCollection } from '../../plugins/extendCollection'
import { importPagesEndpoint } from './importPagesEndpoint'
import { IMPORT_LIMITS, type ImportLimits, IMPORT_PAGES_PATH } from './limits'

export type ImportPagesPluginOptions = {
  /**
   * Leave the view, its link and the endpoint out.
   * @default false
   */
  disabled?: boolean
  /**
   * How much one request may upload.
   * @default IMPORT_LIMITS (50 files, 512 kB each, 4 MB in all)
   */
  limits?: Partial<ImportLimits>
}

export const importPagesPlugin =
  (options: ImportPagesPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    if (options.disabled || !hasCollection(incomingConfig, ARTICLES)) return incomingConfig
    const limits = { ...IMPORT_LIMITS, ...options.limits }
    return {
      ...incomingConfig,
      admin: {
        ...incomingConfig.admin,
        components: {
          ...incomingConfig.admin?.components,
          afterNavLinks: [...(incomingConfig.admin?.components?.afterNavLinks ?? []), '/src/import/admin/ImportPagesNavLink#ImportPagesNavLink'],
          views: {
            ...incomingConfig.admin?.components?.views,
            importPages: {
              Component: { path: '/src/import/admin/ImportPagesView#ImportPagesView', serverProps: { limits } },
              exact: true,
              meta: { title: 'Import pages' },
              path: IMPORT_PAGES_PATH,
            },
          },
        },
      },
      endpoints: [...(incomingConfig.endpoints ?? []), importPagesEndpoint(limits)],
    }
  }
