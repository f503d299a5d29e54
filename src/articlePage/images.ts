import type { ImageCard, ImageSize, PageImage } from './types'

import { MEDIA } from '../../collections/slugs'
import { findForPage, hasCollection, type PageRead, uniqueIds } from './pageRead'

type MediaRow = {
  alt?: null | string
  caption?: null | string
  credit?: null | string
  height?: null | number
  id: number | string
  sizes?: Record<string, Partial<ImageSize> | undefined>
  url?: null | string
  width?: null | number
}

/** Every image the page shows (the article's hero and the linked articles' cards), in one query. */
export async function pageImages(read: PageRead, ids: unknown[]): Promise<Map<string, MediaRow>> {
  const wanted = uniqueIds(ids)
  if (wanted.length === 0 || !hasCollection(read, MEDIA)) return new Map()
  const rows = await findForPage<MediaRow>(read, {
    collection: MEDIA,
    limit: wanted.length,
    // `filename` is what Payload builds each `url` from.
    select: { alt: true, caption: true, credit: true, filename: true, height: true, sizes: true, url: true, width: true },
    where: { id: { in: wanted } },
  })
  return new Map(rows.map((row) => [String(row.id), row]))
}

const size = (value: Partial<ImageSize> | undefined | MediaRow): ImageSize => ({
  height: value?.height ?? null,
  url: value?.url ?? null,
  width: value?.width ?? null,
})

export function heroImage(row: MediaRow | undefined): null | PageImage {
  if (!row) return null
  const sizes = Object.fromEntries(Object.entries(row.sizes ?? {}).map(([name, value]) => [name, size(value)]))
  return { ...size(row), alt: row.alt ?? null, caption: row.caption ?? null, credit: row.credit ?? null, id: row.id, sizes }
}

export function imageCard(row: MediaRow | undefined): ImageCard | null {
  if (!row) return null
  const card = row.sizes?.card
  return { ...size(card?.url ? card : row), alt: row.alt ?? null, id: row.id }
}
