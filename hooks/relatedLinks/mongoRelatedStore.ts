/**
 * The term index on MongoDB, through the models Payload built from the index collections.
 * Document counts change with `$inc` in one bulk write (never read, changed and written back,
 * which concurrent publishes would overwrite). Publishes take turns through a lease lock
 * document (./mongoIndexLock), and a unique index on links (from, to) refuses a second link
 * between the same two articles should anything get past it.
 */
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { Collection } from 'mongodb'
import type { PayloadRequest } from 'payload'

import { randomUUID } from 'node:crypto'

import type { Posting } from '../../src/related/candidates'
import type { Id, IndexedArticle, RelatedStore, StoredLink } from './relatedStore'

import { ARTICLES, RELATED_LINKS, RELATED_POSTINGS, RELATED_TERMS, RELATED_VECTORS } from '../../collections/slugs'
import { acquireIndexLock, type LockDocument, releaseIndexLock, releaseWhenSessionEnds } from './mongoIndexLock'
import { countsFromRows, documentCountChanges, DOCUMENTS_ROW, LENGTH_ROW, packTerms, unpackTerms } from './relatedStore'

/** Outside Payload's collections: the lock is the index's own bookkeeping, with no fields to show. */
const LOCK_COLLECTION = 'broadside_related_lock'

const prepared = new WeakMap<MongooseAdapter, Promise<Collection<LockDocument>>>()

/** The lock collection, once the unique link index exists (created on the first publish of a process). */
function lockCollection(adapter: MongooseAdapter): Promise<Collection<LockDocument>> {
  let ready = prepared.get(adapter)
  if (!ready) {
    ready = (async () => {
      // Links to outside pages have no `to`; only links between articles must be unique.
      await adapter.collections[RELATED_LINKS]!.collection.createIndex(
        { from: 1, to: 1 },
        { name: 'from_to_unique', partialFilterExpression: { to: { $type: 'objectId' } }, unique: true },
      ).catch((error: unknown) => {
        // Duplicates written before the index existed: publishing goes on, serialised by the lock.
        adapter.payload.logger.error({ err: error, msg: 'Related links: could not create the unique (from, to) index; remove the duplicate links it names.' })
      })
      return adapter.connection.db!.collection(LOCK_COLLECTION) as Collection<LockDocument>
    })()
    ready.catch(() => prepared.delete(adapter))
    prepared.set(adapter, ready)
  }
  return ready
}

/** `req.context` key: the lock holder of the request's transaction, while it holds the lock. */
const HELD_IN_TRANSACTION = 'broadside:relatedLockHolder'

type VectorRow = Omit<IndexedArticle, 'article' | 'terms'> & { article: unknown; terms: string }

const toIndexed = (row: VectorRow): IndexedArticle => ({
  article: String(row.article),
  categories: row.categories,
  fingerprint: row.fingerprint,
  length: row.length,
  publishedAt: new Date(row.publishedAt),
  selfScore: row.selfScore,
  terms: unpackTerms(row.terms),
})

export function mongoRelatedStore(req: PayloadRequest): RelatedStore {
  const adapter = req.payload.db as unknown as MongooseAdapter
  const terms = adapter.collections[RELATED_TERMS]!
  const postings = adapter.collections[RELATED_POSTINGS]!
  const vectors = adapter.collections[RELATED_VECTORS]!
  const links = adapter.collections[RELATED_LINKS]!
  const articles = adapter.collections[ARTICLES]!
  const session = async () => {
    const id = req.transactionID ? await req.transactionID : undefined
    return id === undefined ? undefined : adapter.sessions[id]
  }

  async function changeDocumentCounts(changes: Map<string, number>) {
    const options = { session: await session() }
    await terms.bulkWrite(
      [...changes].map(([term, delta]) => ({
        updateOne: { filter: { term }, update: { $inc: { documents: delta } }, upsert: true },
      })),
      options,
    )
    await terms.deleteMany({ documents: { $lte: 0 }, term: { $in: [...changes.keys()] } }, options)
  }

  return {
    async add(article, signature) {
      const options = { session: await session() }
      await vectors.create(
        [
          {
            article: article.article,
            categories: article.categories,
            fingerprint: article.fingerprint,
            length: article.length,
            selfScore: article.selfScore,
            publishedAt: article.publishedAt,
            terms: packTerms(article.terms),
          },
        ],
        options,
      )
      await postings.insertMany(
        signature.map(({ term, weight }) => ({ article: article.article, term, weight })),
        options,
      )
      await changeDocumentCounts(documentCountChanges(article, 1))
    },

    async autoLists(owners) {
      const lists = new Map<string, Id[]>()
      if (owners.length === 0) return lists
      const rows = await links.find({ from: { $in: owners }, origin: 'auto' }, { from: 1, to: 1 }, { lean: true, session: await session() })
      for (const row of rows) lists.set(String(row.from), [...(lists.get(String(row.from)) ?? []), String(row.to)])
      return lists
    },

    async holders(article) {
      const owners = await links.distinct('from', { origin: 'auto', to: article }).session((await session()) ?? null)
      return owners.map(String)
    },

    async links(owners) {
      const rows = await links.find({ from: { $in: owners } }, undefined, { lean: true, session: await session() })
      return rows.map(
        (row): StoredLink => ({
          excluded: Boolean(row.excluded),
          from: String(row.from),
          id: String(row._id),
          origin: row.origin === 'auto' ? 'auto' : 'manual',
          pinned: Boolean(row.pinned),
          position: typeof row.position === 'number' ? row.position : null,
          reason: row.reason ?? { sharedCategories: [], sharedTerms: [] },
          score: typeof row.score === 'number' ? row.score : null,
          to: row.to ? String(row.to) : undefined,
        }),
      )
    },

    async recentInCategories(categories, limit) {
      if (categories.length === 0) return []
      const rows = await articles
        .find({ _status: 'published', categories: { $in: categories } }, { _id: 1 }, { lean: true, session: await session() })
        .sort({ publishedAt: -1 })
        .limit(limit)
      return rows.map((row) => String(row._id))
    },

    async corpus(wanted) {
      const names = [...new Set([...wanted, DOCUMENTS_ROW, LENGTH_ROW])]
      const rows = await terms.find({ term: { $in: names } }, { documents: 1, term: 1 }, { lean: true, session: await session() })
      const frequencies = new Map(rows.map((row) => [String(row.term), Number(row.documents)]))
      return countsFromRows(frequencies)
    },

    async lock() {
      const locks = await lockCollection(adapter)
      const current = await session()
      // One holder per transaction, so a request that locks twice (delete: leave, then refill) re-enters.
      const holder = current ? `transaction:${String(await req.transactionID)}:${randomUUID()}` : randomUUID()
      const context = req.context as Record<string, unknown>
      const held = current ? (context[HELD_IN_TRANSACTION] as string | undefined) : undefined
      if (held) return async () => {}
      await acquireIndexLock(locks, holder)
      if (!current) return () => releaseIndexLock(locks, holder)
      context[HELD_IN_TRANSACTION] = holder
      releaseWhenSessionEnds(locks, holder, current as never)
      return async () => {}
    },

    async postings(names, perTerm) {
      const found: Posting[] = []
      const options = { lean: true, session: await session() }
      for (const term of names) {
        const rows = await postings.find({ term }, { article: 1, weight: 1 }, options).sort({ weight: -1 }).limit(perTerm)
        for (const row of rows) found.push({ article: String(row.article), term, weight: Number(row.weight) })
      }
      return found
    },

    async remove(id) {
      const options = { session: await session() }
      const row = (await vectors.findOne({ article: id }, undefined, { ...options, lean: true })) as null | VectorRow
      if (!row) return
      await postings.deleteMany({ article: id }, options)
      await vectors.deleteMany({ article: id }, options)
      await changeDocumentCounts(documentCountChanges(toIndexed(row), -1))
    },

    async writeLinks({ add, remove, update }) {
      const options = { session: await session() }
      if (remove.length > 0) await links.deleteMany({ _id: { $in: remove } }, options)
      const now = new Date()
      const documents = add.map((row) => ({ ...row, createdAt: now, excluded: false, origin: 'auto', pinned: false, updatedAt: now }))
      if (documents.length > 0) await links.insertMany(documents, options)
      if (update.length > 0) {
        await links.bulkWrite(
          update.map(({ id, ...change }) => ({ updateOne: { filter: { _id: id }, update: { $set: { ...change, updatedAt: now } } } })),
          options,
        )
      }
    },

    async vectors(ids) {
      if (ids.length === 0) return []
      const rows = (await vectors.find({ article: { $in: ids } }, undefined, { lean: true, session: await session() })) as unknown as VectorRow[]
      return rows.map(toIndexed)
    },
  }
}
