/**
 * Broadside's composition root: the database, the editor, image processing, and the list of
 * content-type plugins. Each plugin can be removed without breaking the others.
 */
import type { CollectionConfig, DatabaseAdapterObj, Plugin } from 'payload'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'

import { type ArticlesPluginOptions, articlesPlugin } from './collections/articles/index'
import { type CategoriesPluginOptions, categoriesPlugin } from './collections/categories/index'
import { type MediaPluginOptions, mediaPlugin } from './collections/media/index'
import { type PetitionsPluginOptions, petitionsPlugin } from './collections/petitions/index'
import { type RelatedLinksPluginOptions, relatedLinksPlugin } from './collections/related-links/index'
import { type SectionsPluginOptions, sectionsPlugin } from './collections/sections/index'
import { type SiteSettingsPluginOptions, siteSettingsPlugin } from './collections/site-settings/index'
import { GROUPS } from './collections/slugs'
import { type UsersPluginOptions, usersPlugin } from './collections/users/index'
import { type WebhooksPluginOptions, webhooksPlugin } from './collections/webhooks/index'
import { type ArticlePagePluginOptions, articlePagePlugin } from './src/articlePage/index'
import { type ImportPagesPluginOptions, importPagesPlugin } from './src/import/admin/index'
import { type LivePreviewPluginOptions, livePreviewPlugin } from './src/livePreview/index'
import { staticSitePreview } from './examples/static-site/preview'
import { isAdmin } from './src/access/isAdmin'
import { cacheTagsPlugin } from './src/cacheTags/index'
import { mayRunJobsQueue } from './src/access/runJobsQueue'
import { noOpenGraphImages } from './src/api/noOpenGraphImages'
import { databaseAdapter } from './src/database/index'
import { lazySharp } from './src/utilities/lazySharp'
import { emailAdapter } from './src/email/emailAdapter'
import { documentLocksInTransactionPlugin } from './src/database/documentLocksInTransaction'
import { graphQLLimitsFromEnv, graphQLLimitsPlugin } from './src/graphql/index'
import { jobLeaseSeconds, returnAbandonedJobs } from './src/jobs/abandonedJobs'
import { clientErrorsAtInfoLogger } from './src/logging/clientErrorsAtInfo'
import { withNothingToSchedule } from './src/jobs/handleSchedulesEndpoint'
import { readCachePlugin } from './src/readCache/index'
import { payloadSecret } from './src/secret'
import { whereGuardPlugin } from './src/requestGuard/wherePlugin'
import { storableValuesPlugin } from './src/validation/index'
import { safeLinkFeature } from './src/validation/richTextLinks'

const rootDir = path.dirname(fileURLToPath(import.meta.url))

/** Each content-type plugin's options (documented on its options type). */
export type BroadsidePluginOptions = {
  articlePage?: ArticlePagePluginOptions
  articles?: ArticlesPluginOptions
  categories?: CategoriesPluginOptions
  importPages?: ImportPagesPluginOptions
  /** `render` defaults to the example static site's article page. */
  livePreview?: Partial<LivePreviewPluginOptions>
  media?: MediaPluginOptions
  petitions?: PetitionsPluginOptions
  relatedLinks?: RelatedLinksPluginOptions
  sections?: SectionsPluginOptions
  siteSettings?: SiteSettingsPluginOptions
  users?: UsersPluginOptions
  webhooks?: WebhooksPluginOptions
}

/**
 * The content types, each a plugin. Order matters only in one way: a plugin that adds a field
 * to another plugin's collection (categories → articles.categories) comes after it.
 */
export function broadsidePlugins(options: BroadsidePluginOptions = {}): Plugin[] {
  return [
    usersPlugin(options.users),
    siteSettingsPlugin(options.siteSettings),
    articlesPlugin(options.articles),
    categoriesPlugin(options.categories),
    mediaPlugin(options.media),
    petitionsPlugin(options.petitions),
    sectionsPlugin(options.sections),
    relatedLinksPlugin(options.relatedLinks),
    // Reads what the content types hold; absent ones leave their part of the page empty.
    articlePagePlugin(options.articlePage),
    // The article edit view's Live Preview: the example static site's page, as the editor types.
    livePreviewPlugin({ render: staticSitePreview({ timeZone: process.env.SITE_TIME_ZONE }), ...options.livePreview }),
    // Saved pages imported from the admin, through the same importer as `npm run import`.
    importPagesPlugin(options.importPages),
    // After the content types: it hooks into each of them, after their own hooks.
    webhooksPlugin(options.webhooks),
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

export async function broadsideConfig({ db, plugins }: BroadsideConfigOptions = {}) {
  return buildConfig({
    admin: {
      // The default Gravatar image would reach out to the internet on every admin page.
      avatar: 'default',
      importMap: { baseDir: rootDir },
      meta: { defaultOGImageType: 'off', titleSuffix: ' — Broadside' },
    },
    db: db ?? (await databaseAdapter({ uri: process.env.DATABASE_URI })),
    // Payload's default features, with links refusing scripts and other non-web schemes.
    editor: lexicalEditor({ features: ({ defaultFeatures }) => defaultFeatures.map((feature) => (feature.key === 'link' ? safeLinkFeature() : feature)) }),
    endpoints: [noOpenGraphImages],
    // A request's 4xx (not found, refused, bad input) is logged at INFO on REST and GraphQL alike.
    logger: clientErrorsAtInfoLogger,
    // SMTP when SMTP_URL and EMAIL_FROM are set, else Payload's console adapter (src/email).
    email: emailAdapter(),
    // Payload quietly stops populating below this depth (its default is 10). Nothing Broadside
    // serves nests deeper than articles → related links → articles → categories; anonymous
    // REST requests have a lower bound of their own (src/requestGuard/publicReads.ts).
    maxDepth: 5,
    graphQL: { schemaOutputFile: path.resolve(rootDir, 'src/generated/schema.graphql') },
    jobs: {
      // Running the queue on demand (`/api/payload-jobs/run`, `/handle-schedules`) is admins' work.
      access: { run: mayRunJobsQueue },
      // Scheduled publishing runs as jobs; the server (and only it) polls for due ones each second.
      autoRun: [{ cron: '* * * * * *', limit: 10, queue: 'default' }],
      shouldAutoRun: returnAbandonedJobs({ leaseSeconds: jobLeaseSeconds() }),
      // Admins see queued and failed jobs (a scheduled publish that could not run says why).
      jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
        ...defaultJobsCollection,
        access: { ...defaultJobsCollection.access, read: isAdmin },
        admin: { ...defaultJobsCollection.admin, group: GROUPS.settings, hidden: false },
        endpoints: Array.isArray(defaultJobsCollection.endpoints) ? defaultJobsCollection.endpoints.map(withNothingToSchedule) : defaultJobsCollection.endpoints,
      }),
    },
    // Last, so they reach every collection and field the content types added: values the
    // database cannot hold (in documents, and as ids in a where) are refused with a 400, GraphQL reads get their time budget, the
    // document-lock check of a write runs in its transaction (no second pool connection),
    // public answers name what they hold for CDN purges, and every change to public content
    // starts a new read-cache generation.
    plugins: [
      ...(plugins ?? broadsidePlugins()),
      storableValuesPlugin(),
      whereGuardPlugin(),
      graphQLLimitsPlugin(graphQLLimitsFromEnv()),
      documentLocksInTransactionPlugin(),
      cacheTagsPlugin(),
      readCachePlugin(),
    ],
    secret: payloadSecret(),
    sharp: lazySharp,
    telemetry: false,
    // Types come from `npm run generate:types` only: Payload would regenerate them on every
    // non-production start, and a test run on MongoDB rewrote every id as a string.
    typescript: { autoGenerate: false, outputFile: path.resolve(rootDir, 'src/payload-types.ts') },
  })
}

export default broadsideConfig()
