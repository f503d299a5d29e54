import type { TaggedSlugs } from './names'

export type CacheTagsPluginOptions = {
  /**
   * The collections whose documents and lists answers are tagged with: the publicly readable
   * ones. Private collections (users, signatures, webhooks, the term index) are left out, so
   * their ids never appear in a header. Slugs not in the config are skipped.
   * @default ['articles', 'categories', 'sections', 'petitions', 'related-links', 'media']
   */
  collections?: TaggedSlugs['collections']
  /**
   * Turns the tagging off: no headers, and webhook items carry no `cacheTags`.
   * @default false
   */
  disabled?: boolean
  /**
   * The globals answers are tagged with (`global:<slug>`).
   * @default ['site-settings']
   */
  globals?: TaggedSlugs['globals']
}
