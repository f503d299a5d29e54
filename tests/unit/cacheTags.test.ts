// Cache-tag headers stay within what CDNs accept, and only ever by naming more, never less.
import { describe, expect, it } from 'vitest'

import { boundedTags, cacheTagHeaders, MAX_TAG_HEADER_BYTES } from '../../src/cacheTags/headers'
import { documentTag } from '../../src/cacheTags/names'

const documents = (collection: string, count: number) => Array.from({ length: count }, (_, n) => `${collection}:${n + 1}`)

describe('boundedTags', () => {
  it('keeps every tag when they fit, lists and globals first', () => {
    expect(boundedTags(['articles:1', 'articles', 'categories:3', 'global:site-settings'])).toEqual(['articles', 'global:site-settings', 'articles:1', 'categories:3'])
  })

  it('names the collection with the most documents by its list tag until the header fits', () => {
    const tags = ['articles', ...documents('articles', 10), ...documents('related-links', 1000), ...documents('categories', 3)]
    const bounded = boundedTags(tags)
    expect(bounded).toEqual(['articles', 'related-links', ...documents('articles', 10), ...documents('categories', 3)])
    expect(cacheTagHeaders(tags)['Surrogate-Key'].length).toBeLessThanOrEqual(MAX_TAG_HEADER_BYTES)
  })

  it('goes on to the next collection when one is not enough', () => {
    const bounded = boundedTags([...documents('sections', 400), ...documents('related-links', 500), ...documents('media', 5)], 2_000)
    expect(bounded).toEqual(['sections', 'related-links', ...documents('media', 5)])
  })
})

describe('documentTag', () => {
  it('names numbers, ObjectIds and UUIDs, and leaves out anything a header would split on', () => {
    expect(documentTag('articles', 12)).toBe('articles:12')
    expect(documentTag('articles', '6566f1f0a1b2c3d4e5f60718')).toBe('articles:6566f1f0a1b2c3d4e5f60718')
    expect(documentTag('articles', 'a b,c')).toBeUndefined()
    expect(documentTag('articles', undefined)).toBeUndefined()
  })
})
