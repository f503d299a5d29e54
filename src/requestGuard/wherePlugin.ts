/**
 * The `where` checks every collection operation runs, at every door (REST, GraphQL, Local API):
 * first its size (./whereSize), so no big tree is walked twice, then its ids (./whereIds).
 * Appended after each collection's own hooks.
 */
import type { Config, Plugin } from 'payload'

import { refuseNonIdsInWhere } from './whereIds'
import { refuseOversizedWhere } from './whereSize'

const WHERE_CHECKS = [refuseOversizedWhere, refuseNonIdsInWhere]

/**
 * Added when Payload starts, not to the config the plugins see: Payload adds its own collections
 * (jobs, preferences, document locks, key-value store, migrations) after every plugin has run,
 * and a signed-in author's GraphQL read of preferences with a 45,000-condition `where` failed in
 * the database (500). Each operation reads its collection's hooks when it runs, so appending them
 * to the sanitised collections covers every door, ours and Payload's alike.
 */
export const whereGuardPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    onInit: async (payload) => {
      for (const { config: collection } of Object.values(payload.collections)) {
        const hooks = (collection.hooks.beforeOperation ??= [])
        for (const check of WHERE_CHECKS) if (!hooks.includes(check)) hooks.push(check)
      }
      await config.onInit?.(payload)
    },
  })
