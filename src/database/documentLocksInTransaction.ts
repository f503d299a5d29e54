/**
 * Payload's document-lock check, made inside the request's transaction.
 *
 * Before an update or delete through REST or GraphQL (`overrideLock` false), Payload 3.90 looks
 * for an editor's lock on the document with `payload.db.find` *without* `req`
 * (payload/dist/utilities/checkDocumentLockStatus.js), so the lookup needs a second pool
 * connection while the operation's transaction holds its first. On PostgreSQL (10 connections
 * by default) ten concurrent writes each hold one and wait for another: the server stops
 * answering. This hook, run before the operation, makes the same lookup with `req` and then
 * tells Payload it is done (`overrideLock: true`); Payload still clears the locks of what it
 * writes, in the transaction.
 *
 * A bulk write (`where`) is checked per document by Payload; when some other user holds a live
 * lock in the collection the hook leaves that check to Payload, which then reports each locked
 * document as it always did. MongoDB keeps Payload's own check (its driver does not deadlock).
 *
 * A workaround of a Payload bug (the same symptom: payloadcms/payload#8412; `req` was dropped
 * from the lookup for MongoDB's sake in payloadcms/payload#11287). It can go once Payload's
 * lock check passes `req` on SQL adapters: remove the plugin and run concurrent-publishing.test.
 */
import type { CollectionBeforeOperationHook, Config, PayloadRequest, Plugin, SanitizedCollectionConfig, Where } from 'payload'

import { Locked } from 'payload'

import { appendHooks } from '../plugins/collectionOverrides'

const LOCKS = 'payload-locked-documents'
/** Payload's default, when a collection sets no `lockDocuments.duration`. */
const DEFAULT_LOCK_SECONDS = 300

type WriteArgs = { id?: number | string; overrideLock?: boolean }
type LockRow = { updatedAt?: string; user?: { value?: unknown } }

export const documentLocksInTransactionPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    collections: config.collections?.map((collection) =>
      collection.lockDocuments === false
        ? collection
        : { ...collection, hooks: appendHooks(collection.hooks, { beforeOperation: [checkLocksInTransaction] }) },
    ),
  })

const checkLocksInTransaction: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const { id, overrideLock } = args as WriteArgs
  if ((operation !== 'update' && operation !== 'delete') || overrideLock !== false) return args
  if (req.payload.db.name === 'mongoose' || !req.payload.collections[LOCKS]) return args
  const locked = await lockedByOthers(req, collection, id)
  if (locked && id === undefined) return args
  if (locked) {
    const verb = operation === 'update' ? 'updated' : 'deleted'
    throw new Locked(`Document with ID ${id} is currently locked by another user and cannot be ${verb}.`)
  }
  return { ...args, overrideLock: true }
}

/**
 * Whether another user holds an unexpired lock on document `id` (as Payload reads it: its latest
 * lock), or, without an id, on any document of the collection.
 */
async function lockedByOthers(req: PayloadRequest, collection: SanitizedCollectionConfig, id: number | string | undefined): Promise<boolean> {
  const where: Where = {
    and: [{ 'document.relationTo': { equals: collection.slug } }, ...(id === undefined ? [] : [{ 'document.value': { equals: id } }])],
  }
  const { docs } = await req.payload.db.find({ collection: LOCKS, limit: id === undefined ? 0 : 1, pagination: false, req, sort: '-updatedAt', where })
  const seconds = typeof collection.lockDocuments === 'object' ? collection.lockDocuments.duration : DEFAULT_LOCK_SECONDS
  const liveSince = Date.now() - seconds * 1000
  return (docs as LockRow[]).some(
    (lock) => String(lock.user?.value) !== String(req.user?.id) && new Date(lock.updatedAt ?? 0).getTime() >= liveSince,
  )
}
