import type { CollectionBeforeChangeHook } from 'payload'

/** `publishedAt` records the first publication and never moves after it. */
export const setPublishedAt: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  if (data._status === 'published' && !originalDoc?.publishedAt && !data.publishedAt) {
    return { ...data, publishedAt: new Date().toISOString() }
  }
  return data
}
