import type { Access, CollectionBeforeOperationHook, PayloadRequest, SanitizedCollectionConfig, Where } from 'payload'

import { APIError } from 'payload'

import { canChangeLiveContent } from '../../../src/access/liveContent'
import { relationId } from '../../../src/utilities/relationId'

/**
 * The one rule for what visitors see: only editors and admins change the live version of an
 * article. Every write anyone else makes — create, duplicate, update by id or by `where`,
 * version restore, delete — is weighed here before it runs, whichever door it came through
 * (REST, GraphQL, the admin, the Local API with access checked, a scheduled publish running as
 * the author who queued it), and refused with 403, nothing written, when it would publish,
 * unpublish, or write over a published article instead of saving a draft beside it.
 * Drafts stay the author's own: a save of a never-published article is not a change to live.
 */
export const onlyEditorsChangeLive: CollectionBeforeOperationHook = async ({ args, collection, operation, overrideAccess, req }) => {
  if (overrideAccess || canChangeLiveContent(req.user)) return args
  const refusal = await liveChangeIn(operation, args as WriteArgs, collection, req)
  if (refusal) throw new APIError(refusal, 403, null, true)
  return args
}

type WriteArgs = {
  data?: { _status?: unknown }
  draft?: boolean
  duplicateFromID?: number | string
  id?: number | string
  where?: Where
}

const SAVE_A_DRAFT = 'save it as a draft (draft=true) and ask an editor to publish it'

/** Why the operation would change the live article, or `undefined` when it would not. */
async function liveChangeIn(operation: string, args: WriteArgs, collection: SanitizedCollectionConfig, req: PayloadRequest) {
  const { data, draft, duplicateFromID, id, where } = args
  switch (operation) {
    case 'create': {
      if (draft) return undefined
      // A duplicate takes the status of what it copies unless the request names one.
      const status = data?._status ?? (duplicateFromID === undefined ? undefined : await latestStatus(req, collection, duplicateFromID))
      return status === 'published' ? `Only editors publish articles: ${SAVE_A_DRAFT}.` : undefined
    }
    case 'update': {
      // `draft` with `_status: published` publishes all the same.
      if (data?._status === 'published') return `Only editors publish articles: ${SAVE_A_DRAFT}.`
      if (draft) return undefined
      const target = id === undefined ? await withinAccess(collection.access.update, req, where, data) : byId(id)
      if (target && (await anyLive(req, collection, target))) {
        return `This article is live and only editors change or unpublish it: ${SAVE_A_DRAFT}.`
      }
      return undefined
    }
    case 'restoreVersion': {
      if (draft || id === undefined) return undefined
      const version = await findVersion(req, collection, id)
      if (!version) return undefined
      if (version.status === 'published' || (await anyLive(req, collection, byId(version.parent)))) {
        return 'Restoring this version would change the live article, which only editors do: restore it as a draft (draft=true) instead.'
      }
      return undefined
    }
    case 'delete': {
      const target = id === undefined ? await withinAccess(collection.access.delete, req, where) : byId(id)
      return target && (await anyLive(req, collection, target)) ? 'This article is live: only editors delete it.' : undefined
    }
    default:
      return undefined
  }
}

const byId = (id: number | string | undefined): Where => ({ id: { equals: id } })

/**
 * A bulk write's `where` narrowed the way Payload narrows it (its access Where is AND-ed in),
 * so documents the caller cannot touch do not count against the ones it can; `undefined` when
 * access refuses outright (Payload then answers 403 itself).
 */
async function withinAccess(access: Access, req: PayloadRequest, where: Where = {}, data?: unknown): Promise<undefined | Where> {
  const allowed = await access({ data, req })
  if (!allowed) return undefined
  return allowed === true ? where : { and: [where, allowed] }
}

/** Whether any matched document has a live version (its main row is published). */
async function anyLive(req: PayloadRequest, collection: SanitizedCollectionConfig, where: Where): Promise<boolean> {
  const { totalDocs } = await req.payload.count({
    collection: collection.slug,
    overrideAccess: true,
    req,
    where: { and: [where, { _status: { equals: 'published' } }] },
  })
  return totalDocs > 0
}

async function latestStatus(req: PayloadRequest, collection: SanitizedCollectionConfig, id: number | string): Promise<unknown> {
  const doc = await req.payload.findByID({ collection: collection.slug, depth: 0, disableErrors: true, draft: true, id, overrideAccess: true, req })
  return (doc as null | { _status?: unknown })?._status
}

async function findVersion(req: PayloadRequest, collection: SanitizedCollectionConfig, id: number | string) {
  const { docs } = await req.payload.findVersions({
    collection: collection.slug,
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    req,
    where: { id: { equals: id } },
  })
  const [found] = docs as { parent?: unknown; version?: { _status?: unknown } }[]
  return found ? { parent: relationId(found.parent), status: found.version?._status } : undefined
}
