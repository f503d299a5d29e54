/**
 * How cache tags name what an answer holds — one scheme for the `Surrogate-Key` / `Cache-Tag`
 * headers and for the `cacheTags` of webhook items, so a purge of an item's tags drops exactly
 * the cached answers that held what changed:
 * - `articles`: a list of the collection (`GET /api/articles?…`, a GraphQL `Articles` query);
 * - `articles:12`: one document, by collection slug and id;
 * - `global:site-settings`: a global.
 */

/** Which collections and globals are tagged: the publicly readable ones (see ./types). */
export type TaggedSlugs = { collections: readonly string[]; globals: readonly string[] }

/** `config.custom` key under which the plugin leaves the slugs it tags, for ./changeTags. */
export const TAGGED_SLUGS = 'broadside:cacheTags'

// Tags travel in headers: only characters no CDN treats as a separator. Ids Payload makes (numbers,
// ObjectIds, UUIDs) always qualify; anything else is left untagged rather than mangled.
const TAG_PART = /^[A-Za-z0-9_.~-]{1,128}$/

export const listTag = (collection: string) => collection

export function documentTag(collection: string, id: unknown): string | undefined {
  const part = typeof id === 'number' || typeof id === 'string' ? String(id) : ''
  return TAG_PART.test(part) ? `${collection}:${part}` : undefined
}

export const globalTag = (slug: string) => `global:${slug}`

/** The collection a document tag names (`articles` for `articles:12`); undefined for list and global tags. */
export function taggedCollection(tag: string): string | undefined {
  const colon = tag.indexOf(':')
  return colon > 0 && !tag.startsWith('global:') ? tag.slice(0, colon) : undefined
}
