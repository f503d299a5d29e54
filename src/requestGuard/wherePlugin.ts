/**
 * The `where` checks every collection operation runs, at every door (REST, GraphQL, Local API):
 * first its size (./whereSize), so no big tree is walked twice, then its ids (./whereIds).
 * Appended after each collection's own hooks.
 */
import type { Config, Plugin } from 'payload'

import { appendHooks } from '../plugins/collectionOverrides'
import { refuseNonIdsInWhere } from './whereIds'
import { refuseOversizedWhere } from './whereSize'

export const whereGuardPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: config.collections?.map((collection) => ({
      ...collection,
      hooks: appendHooks(collection.hooks, { beforeOperation: [refuseOversizedWhere, refuseNonIdsInWhere] }),
    })),
  })
