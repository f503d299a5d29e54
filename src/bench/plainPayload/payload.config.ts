/**
 * The baseline for `npm run bench:reads`: a plain Payload app as a starter would write it, with
 * Broadside's Payload, Next, React and SQLite versions and a `posts` collection shaped like
 * Broadside's articles (title, slug, summary, Lexical body, categories, drafts). Visitors read
 * published posts; nothing else is public but categories. No admin panel: only REST and GraphQL.
 */
import type { Access, CollectionConfig, SanitizedConfig } from 'payload'

import { sqliteAdapter } from '@payloadcms/db-sqlite'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'

const publishedOrSignedIn: Access = ({ req }) => (req.user ? true : { _status: { equals: 'published' } })
const anyone: Access = () => true
const signedIn: Access = ({ req }) => Boolean(req.user)

const Categories: CollectionConfig = {
  slug: 'categories',
  access: { create: signedIn, delete: signedIn, read: anyone, update: signedIn },
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'slug', type: 'text', index: true, unique: true },
  ],
}

const Posts: CollectionConfig = {
  slug: 'posts',
  access: { create: signedIn, delete: signedIn, read: publishedOrSignedIn, update: signedIn },
  defaultSort: '-publishedAt',
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'slug', type: 'text', index: true, unique: true },
    { name: 'summary', type: 'textarea' },
    { name: 'body', type: 'richText', editor: lexicalEditor() },
    { name: 'categories', type: 'relationship', hasMany: true, relationTo: 'categories' },
    { name: 'publishedAt', type: 'date', index: true },
  ],
  versions: { drafts: true },
}

const Users: CollectionConfig = { slug: 'users', auth: true, fields: [] }

export function plainPayloadConfig({ databaseUri }: { databaseUri: string }): Promise<SanitizedConfig> {
  return buildConfig({
    collections: [Posts, Categories, Users],
    db: sqliteAdapter({ client: { url: databaseUri } }),
    editor: lexicalEditor(),
    secret: process.env.PAYLOAD_SECRET ?? '',
    telemetry: false,
    typescript: { autoGenerate: false },
  })
}

// Without DATABASE_URI (as during `next build`) nothing is written anywhere.
export default plainPayloadConfig({ databaseUri: process.env.DATABASE_URI ?? ':memory:' })
