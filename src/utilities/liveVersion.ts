import type { CollectionSlug, PayloadRequest, SelectType } from 'payload'

/**
 * A document as visitors see it: the live version, never a draft saved over it, read with the
 * request's transaction; `null` when there is none.
 */
export async function liveVersion<T>(req: PayloadRequest, collection: string, id: number | string, select?: SelectType): Promise<null | T> {
  return (await req.payload.findByID({
    collection: collection as CollectionSlug,
    depth: 0,
    disableErrors: true,
    draft: false,
    id,
    overrideAccess: true,
    req,
    ...(select ? { select } : {}),
  })) as null | T
}
