/**
 * Broadside's composition root: the database, the editor, image processing, and the list of
 * content-type plugins. Each plugin can be removed without breaking the others.
 */
import type { DatabaseAdapterObj, Plugin } from 'payload'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { usersPlugin } from './collections/users/index'
import { databaseAdapter } from './src/database/index'
import { payloadSecret } from './src/secret'

const rootDir = path.dirname(fileURLToPath(import.meta.url))

export function broadsidePlugins(): Plugin[] {
  return [usersPlugin()]
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
    plugins: plugins ?? broadsidePlugins(),
    secret: payloadSecret(),
    sharp,
    telemetry: false,
    typescript: { outputFile: path.resolve(rootDir, 'src/payload-types.ts') },
  })
}

export default broadsideConfig()
