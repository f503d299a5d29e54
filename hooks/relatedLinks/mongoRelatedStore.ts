/**
 * The term index on MongoDB, through the models Payload built from the index collections.
 * Document counts change with `$inc` upserts in one bulk write. MongoDB has no advisory
 * locks: concurrent publishes there can each miss the other in their related lists (the
 * lists stay valid; a later publish of either corrects them).
 */
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { PayloadRequest } from 'payload'

import type { Posting } from '../../src/related/candidates'
import type { Id, IndexedArticle, RelatedStore, StoredLink } from './relatedStore'

import { ARTICLES, RELATED_LINKS, RELATED_POSTINGS, RELATED_TERMS, RELATED_VECTORS } from '../../collections/slugs'
import { countsFromRows, documentCountChanges, DOCUMENTS_ROW, LENGTH_ROW, packTerms, unpackTerms } from './relatedStore'

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

    async lock() {},

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
