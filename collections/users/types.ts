import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

export type UsersPluginOptions = {
  /**
   * Keep the collection (for migrations) but drop its behaviour (the first-user-is-admin rule).
   * @default false
   */
  disabled?: boolean
  /**
   * Failed logins before an account is locked, on every API (REST, GraphQL, Local API).
   * @default 5
   */
  maxLoginAttempts?: number
  /**
   * How long a locked account stays locked, in milliseconds.
   * @default 600000 (10 minutes)
   */
  lockTimeMs?: number
  /** Changes to the `users` collection. */
  overrides?: CollectionOverrides
}
