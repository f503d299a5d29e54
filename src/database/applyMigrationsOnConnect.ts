/**
 * Applies the committed migrations as soon as the database connects, in every process and
 * every NODE_ENV. Payload's own `prodMigrations` runs only when NODE_ENV is production, which
 * would leave the dev server and scripts on a stale schema.
 */
import type { BaseDatabaseAdapter, DatabaseAdapterObj, Migration } from 'payload'

/** A migration as `payload migrate:create` writes it into src/migrations/<dialect>/index.ts. */
export type CommittedMigration = { down: (args: never) => Promise<void>; name: string; up: (args: never) => Promise<void> }

export function applyMigrationsOnConnect(adapter: DatabaseAdapterObj, migrations: CommittedMigration[]): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db: BaseDatabaseAdapter = adapter.init(args)
      const connect = db.connect?.bind(db)
      if (!connect) return db
      db.connect = async (options) => {
        await connect(options)
        // A hot reload reconnects an already migrated database.
        if (options?.hotReload) return
        await db.migrate({ migrations: migrations as unknown as Migration[] })
      }
      return db
    },
  }
}
