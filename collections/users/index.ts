/**
 * Users plugin: the accounts of editors, authors and admins, with the roles every other
 * content type's access rules read.
 */
import type { Config, Plugin } from 'payload'

import type { UsersPluginOptions } from './types'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { authAttemptSettingsFromEnv, withAuthAttemptLimits, withRateLimitCode } from './authAttemptLimits'
import { usersCollection } from './Users'

export type { UsersPluginOptions } from './types'
export { USERS_SLUG } from './Users'

export const usersPlugin =
  (options: UsersPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const base = usersCollection({
      lockTimeMs: options.lockTimeMs ?? 10 * 60 * 1000,
      maxLoginAttempts: options.maxLoginAttempts ?? 5,
    })
    // A guard, not a behaviour: `disabled` keeps it.
    const collection = withAuthAttemptLimits(applyCollectionOverrides(base, options.overrides, options), authAttemptSettingsFromEnv())
    return {
      ...withRateLimitCode(incomingConfig),
      admin: { ...incomingConfig.admin, user: incomingConfig.admin?.user ?? collection.slug },
      collections: [...(incomingConfig.collections ?? []), collection],
    }
  }
