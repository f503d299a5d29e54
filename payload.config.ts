/**
 * Broadside's composition root: the database, the editor, image processing, and the list of
 * content-type plugins. Each plugin can be removed without breaking the others.
 */
import type { CollectionConfig, DatabaseAdapterObj, Plugin } from 'payload'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { articlesPlugin } from './collections/articles/index'
import { categoriesPlugin } from './collections/categories/index'
import { mediaPlugin } from './collections/media/index'
import { petitionsPlugin } from './collections/petitions/index'
import { relatedLinksPlugin } from './collections/related-links/index'
import { sectionsPlugin } from './collections/sections/index'
import { siteSettingsPlugin } from './collections/site-settings/index'
import { GROUPS } from './collections/slugs'
import { usersPlugin } from './collections/users/index'
import { isAdmin } from './src/access/isAdmin'
import { databaseAdapter } from './src/database/index'
import { payloadSecret } from './src/secret'

const rootDir = path.dirname(fileURLToPath(import.meta.url))

/**
 * The content types, each a plugin. Order matters only in one way: a plugin that adds a field
 * to another plugin's collection (categories → articles.categories) comes after it.
 */
export function broadsidePlugins(): Plugin[] {
  return [
    usersPlugin(),
    siteSettingsPlugin(),
    articlesPlugin(),
    categoriesPlugin(),
    mediaPlugin(),
    petitionsPlugin(),
    sectionsPlugin(),
    relatedLinksPlugin(),
    adminGroupsInOrder([GROUPS.content, GROUPS.engagement, GROUPS.settings]),
  ]
}

/**
 * The admin lists groups in the order their first collection appears; plugin order is set by
 * dependencies instead (users come first), so the groups are put in reading order last.
 */
function adminGroupsInOrder(groups: string[]): Plugin {
  const rank = (collection: CollectionConfig) => {
    const index = groups.indexOf(String(collection.admin?.group ?? ''))
    return index === -1 ? groups.length : index
  }
  return (config) => ({ ...config, collections: [...(config.collections ?? [])].sort((a, b) => rank(a) - rank(b)) })
}

export type BroadsideConfigOptions = {
  /** @default the database named by DATABASE_URI */
  db?: DatabaseAdapterObj
  /** @default broadsidePlugins() */
  plugins?: Plugin[]
}

export function broadsideConfig({ db, plugins }: BroadsideConfigOptions = {}) {
  return buildConfig({
    admin: {
      // The default Gravatar image would reach out to the internet on every admin page.
      avatar: 'default',
      importMap: { baseDir: rootDir },
      meta: { titleSuffix: ' — Broadside' },
    },
    db: db ?? databaseAdapter({ uri: process.env.DATABASE_URI }),
    editor: lexicalEditor(),
    graphQL: { schemaOutputFile: path.resolve(rootDir, 'src/generated/schema.graphql') },
    jobs: {
      // Scheduled publishing runs as jobs; the server (and only it) polls for due ones each second.
      autoRun: [{ cron: '* * * * * *', limit: 10, queue: 'default' }],
      // Admins see queued and failed jobs (a scheduled publish that could not run says why).
      jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
        ...defaultJobsCollection,
        access: { ...defaultJobsCollection.access, read: isAdmin },
        admin: { ...defaultJobsCollection.admin, group: GROUPS.settings, hidden: false },
      }),
    },
    plugins: plugins ?? broadsidePlugins(),
    secret: payloadSecret(),
    sharp,
    telemetry: false,
    typescript: { outputFile: path.resolve(rootDir, 'src/payload-types.ts') },
  })
}

export default broadsideConfig()
