/**
 * The header forms of an answer's tags: `Surrogate-Key` space-separated (Fastly, Varnish
 * xkey) and `Cache-Tag` comma-separated (Cloudflare, Akamai), both bounded by
 * MAX_TAG_HEADER_BYTES: past it, the collection with the most document tags is named by its list
 * tag instead, then the next, until the header fits. That stays exact for purging, only broader:
 * every change's tags name its collection (./changeTags), so purging it drops the answer too.
 */
import { listTag, taggedCollection } from './names'

/** CDNs take 16 kB; half leaves room for the rest of the headers. */
export const MAX_TAG_HEADER_BYTES = 8_000

export function boundedTags(tags: Iterable<string>, maxBytes = MAX_TAG_HEADER_BYTES): string[] {
  let kept = [...new Set(tags)]
  const size = () => kept.reduce((total, tag) => total + Buffer.byteLength(tag) + 1, 0)
  while (size() > maxBytes) {
    const counts = new Map<string, number>()
    for (const tag of kept) {
      const collection = taggedCollection(tag)
      if (collection) counts.set(collection, (counts.get(collection) ?? 0) + 1)
    }
    const largest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
    if (!largest) break
    kept = [...new Set(kept.map((tag) => (taggedCollection(tag) === largest ? listTag(largest) : tag)))]
  }
  // Lists and globals first: the broad tags stay readable at the head of a long header.
  return [...kept.filter((tag) => !taggedCollection(tag)), ...kept.filter((tag) => taggedCollection(tag))]
}

export function cacheTagHeaders(tags: Iterable<string>): Record<'Cache-Tag' | 'Surrogate-Key', string> {
  const bounded = boundedTags(tags)
  return { 'Cache-Tag': bounded.join(','), 'Surrogate-Key': bounded.join(' ') }
}
