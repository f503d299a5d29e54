/**
 * Chooses the database from one setting, `DATABASE_URI`, so every process (server, CLI,
 * importer, benchmarks, tests) opens the same kind of database the same way.
 *
 *   unset                         → SQLite at $DATA_DIR/broadside.db (the embedded default)
 *   file:…                        → SQLite at that path
 *   postgres:// | postgresql://   → PostgreSQL
 *   mongodb:// | mongodb+srv://   → MongoDB
 *
 * SQLite and PostgreSQL get their schema from the committed migrations in src/migrations,
 * applied when the database connects. Only throw-away test databases push the schema.
 */
import type { DatabaseAdapterObj } from 'payload'

import { mkdirSync } from 'node:fs'
import path from 'node:path'

import { positiveIntegerFromEnv } from '../utilities/envNumber'
import { applyMigrationsOnConnect } from './applyMigrationsOnConnect'
import { serializeSqliteWrites } from './serializeSqliteWrites'

export type DatabaseKind = 'mongodb' | 'postgres' | 'sqlite'

/** Where the embedded default keeps its database file (and its generated secret). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR || 'data')
}

export const ACCEPTED_SCHEMES = ['file:', 'postgres://', 'postgresql://', 'mongodb://', 'mongodb+srv://']

export type DatabaseOptions = {
  /** Connection string; unset or empty means the embedded SQLite default. */
  uri?: string
  /**
   * Push the schema from the config instead of applying migrations. Only for throw-away
   * databases (tests that boot partial configs); a pushed database refuses later migrations.
   * @default false
   */
  push?: boolean
  /**
   * How long a SQLite writer waits for the write lock, held by this process or another.
   * @default 10000
   */
  sqliteBusyTimeoutMs?: number
  /**
   * Let MongoDB resolve join fields inside one aggregation. Wire-compatible servers that reject
   * the `$slice` form Payload uses (the emulator the tests run on) need it off: joins then run
   * as separate queries. Set MONGODB_JOIN_AGGREGATIONS=off to turn it off from the environment.
   * @default true
   */
  mongoJoinAggregations?: boolean
}

export function databaseKind(uri: string | undefined): DatabaseKind {
  if (!uri || uri.startsWith('file:')) return 'sqlite'
  if (uri.startsWith('postgres://') || uri.startsWith('postgresql://')) return 'postgres'
  if (uri.startsWith('mongodb://') || uri.startsWith('mongodb+srv://')) return 'mongodb'
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(uri)?.[0] ?? 'a value with no scheme'
  throw new Error(
    `DATABASE_URI starts with ${scheme}, which Broadside does not support. ` +
      `Accepted schemes: ${ACCEPTED_SCHEMES.join(', ')} — or leave DATABASE_URI unset for SQLite at ${path.join(dataDir(), 'broadside.db')}.`,
  )
}

/**
 * Only the chosen engine's adapter (and migrations) is loaded: each brings its driver, and a
 * SQLite server that also loaded mongoose, the MongoDB driver (whose BSON serializer holds a
 * 17 MB buffer) and pg carried them in memory for nothing.
 */
export async function databaseAdapter({
  mongoJoinAggregations = process.env.MONGODB_JOIN_AGGREGATIONS !== 'off',
  push = false,
  sqliteBusyTimeoutMs = 10_000,
  uri,
}: DatabaseOptions = {}): Promise<DatabaseAdapterObj> {
  switch (databaseKind(uri)) {
    case 'sqlite': {
      const [{ sqliteAdapter }, { migrations: sqliteMigrations }] = await Promise.all([import('@payloadcms/db-sqlite'), import('../migrations/sqlite/index')])
      const url = uri || `file:${path.join(dataDir(), 'broadside.db')}`
      ensureParentDirectory(url)
      const adapter = sqliteAdapter({
        busyTimeout: sqliteBusyTimeoutMs,
        client: { url },
        migrationDir: path.resolve('src/migrations/sqlite'),
        push,
        // Payload leaves SQLite transactions off; a failed publish must change nothing.
        transactionOptions: {},
        wal: true,
      })
      const serialized = serializeSqliteWrites(adapter, { busyTimeoutMs: sqliteBusyTimeoutMs })
      return push ? serialized : applyMigrationsOnConnect(serialized, sqliteMigrations)
    }
    case 'postgres': {
      const [{ postgresAdapter }, { migrations: postgresMigrations }, { claimJobsOnce }] = await Promise.all([
        import('@payloadcms/db-postgres'),
        import('../migrations/postgres/index'),
        import('./claimJobsOnce'),
      ])
      // Several servers may share a PostgreSQL database: each due job must be claimed by one.
      const adapter = claimJobsOnce(
        postgresAdapter({
          migrationDir: path.resolve('src/migrations/postgres'),
          pool: { connectionString: uri, max: positiveIntegerFromEnv('DATABASE_POOL_SIZE', 10) },
          push,
        }),
      )
      return push ? adapter : applyMigrationsOnConnect(adapter, postgresMigrations)
    }
    case 'mongodb': {
      const { mongooseAdapter } = await import('@payloadcms/db-mongodb')
      return mongooseAdapter({ url: uri!, useJoinAggregations: mongoJoinAggregations })
    }
  }
}

/** libsql opens the file but not the folders above it; a new clone has no data/ yet. */
function ensureParentDirectory(url: string): void {
  const file = url.slice('file:'.length).split('?')[0]!
  if (file && file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
}
