/**
 * A Local API Payload on a fresh database for one test file. With the full config the schema
 * comes from the committed migrations, as in production; a partial config (some plugins
 * removed) has no migrations of its own, so its throw-away database gets a schema push.
 */
import type { Payload, Plugin } from 'payload'

import { getPayload } from 'payload'

import { broadsideConfig } from '../../payload.config'
import { closeDatabase } from '../../src/database/closeDatabase'
import { databaseAdapter } from '../../src/database/index'
import { createTestDatabase, type TestDatabase } from './testDatabase'

let starts = 0

export type TestPayload = { close: () => Promise<void>; database: TestDatabase; payload: Payload }

export async function startTestPayload({
  database,
  plugins,
}: { database?: TestDatabase; plugins?: Plugin[] } = {}): Promise<TestPayload> {
  const db = database ?? (await createTestDatabase())
  const config = broadsideConfig({ db: await databaseAdapter({ push: Boolean(plugins), uri: db.uri }), plugins })
  // Each start is its own Payload (getPayload caches by key): a restart really starts again.
  const payload = await getPayload({ config, key: `${db.uri}#${++starts}` })
  return {
    close: async () => {
      await closeDatabase(payload)
      if (!database) await db.drop()
    },
    database: db,
    payload,
  }
}
