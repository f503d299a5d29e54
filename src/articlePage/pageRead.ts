import type { CollectionSlug, PayloadRequest, SelectType, Where } from 'payload'

/**
 * How every read of the page is made: through the Local API with the caller's access rules,
 * at depth 0 with an explicit select (so the answer never depends on collections'
 * `defaultPopulate`), and published versions only unless the caller previews.
 */
export type PageRead = { preview: boolean; req: PayloadRequest }

type FindArgs = { collection: string; limit: number; select: SelectType; sort?: string; where: Where }

/** The page's documents of one collection; versioned ones as visitors see them unless previewing. */
export async function findForPage<T>(read: PageRead, { collection, limit, select, sort, where }: FindArgs): Promise<T[]> {
  const slug = collection as CollectionSlug
  const versioned = Boolean(read.req.payload.collections[slug]?.config.versions)
  const { docs } = await read.req.payload.find({
    collection: slug,
    depth: 0,
    draft: read.preview && versioned,
    limit,
    overrideAccess: false,
    pagination: false,
    req: read.req,
    select,
    // Unsorted reads of ids by id: under a collection's default sort (articles: -publishedAt) with
    // `_status` in the query, SQLite walks the whole (_status, publishedAt) index instead of
    // looking the ids up (measured at 10,000 articles: 3.3 ms against 0.07 ms per read).
    sort: sort ?? 'id',
    // Signed-in editors may read drafts; without a preview the page still shows what visitors see.
    where: versioned && !read.preview ? { and: [where, { _status: { equals: 'published' } }] } : where,
  })
  return docs as T[]
}

export function hasCollection(read: PageRead, slug: string): boolean {
  return Boolean(read.req.payload.collections[slug as CollectionSlug])
}

export function hasField(read: PageRead, collection: string, field: string): boolean {
  return Boolean(read.req.payload.collections[collection as CollectionSlug]?.config.flattenedFields.some((each) => each.name === field))
}

/** Unique ids, in first-seen order. */
export function uniqueIds(values: unknown[]): (number | string)[] {
  const seen = new Map<string, number | string>()
  for (const value of values) {
    const id = typeof value === 'object' && value !== null ? (value as { id?: number | string }).id : (value as number | string | null | undefined)
    if (id !== undefined && id !== null && id !== '' && !seen.has(String(id))) seen.set(String(id), id)
  }
  return [...seen.values()]
}

export const byId = <T extends { id: number | string }>(docs: T[]) => new Map(docs.map((doc) => [String(doc.id), doc]))
