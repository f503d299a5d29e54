import type { CollectionBeforeOperationHook, Where } from 'payload'

import { Forbidden } from 'payload'

import { hasRole } from '../../../src/access/roles'

/**
 * Publishing, unpublishing and changing live content are editors' work. An author's save is
 * refused (403, nothing written) when it would publish, or when it would replace the live
 * version of a published article instead of saving a draft beside it. Runs before any write,
 * on REST, GraphQL and the Local API alike (only when access is checked).
 */
export const authorsCannotPublish: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const { data: incoming, draft, id, overrideAccess, where } = args as {
    data?: { _status?: string }
    draft?: boolean
    id?: number | string
    overrideAccess?: boolean
    where?: Where
  }
  if (overrideAccess || hasRole(req.user, 'admin', 'editor') || !req.user) return args
  if (operation !== 'create' && operation !== 'update' && operation !== 'updateByID') return args
  if (incoming?._status === 'published') throw new Forbidden(req.t)
  if (operation === 'create' || draft) return args
  // A non-draft save of an existing article writes its live version: allowed only while it has none.
  const target: Where = operation === 'updateByID' ? { id: { equals: id } } : (where ?? {})
  const { totalDocs } = await req.payload.count({
    collection: collection.slug,
    overrideAccess: true,
    req,
    where: { and: [target, { _status: { equals: 'published' } }] },
  })
  if (totalDocs > 0) throw new Forbidden(req.t)
  return args
}
