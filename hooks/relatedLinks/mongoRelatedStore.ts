/**
 * The term index on MongoDB, through the models Payload built from the index collections.
 * Document counts change with `$inc` upserts in one bulk write. MongoDB has no advisory
 * locks: concurrent publishes there can each miss the other in their related lists (the
 * lists stay valid; a later publish of either corrects them).
 */
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { PayloadRequest } from 'payload'

import type { Posting } from '../../src/related/candidates'
import type { IndexedArticle, RelatedStore } from './relatedStore'

import { RELATED_LINKS, RELATED_POSTINGS, RELATED_TERMS, RELATED_VECTORS } from '../../collections/slugs'
import { countsFromRows, documentCountChanges, DOCUMENTS_ROW, LENGTH_ROW } from './relatedStore'

type VectorRow = Omit<IndexedArticle, 'article' | 'terms'> & { article: unknown; terms: Record<string, number> }

const toIndexed = (row: VectorRow): IndexedArticle => ({
  article: String(row.article),
  categories: row.categories,
  fingerprint: row.fingerprint,
  length: row.length,
  publishedAt: new Date(row.publishedAt),
  selfScore: row.selfScore,
  terms: new Map(Object.entries(row.terms)),
})

export function mongoRelatedStore(req: PayloadRequest): RelatedStore {
  const adapter = req.payload.db as unknown as MongooseAdapter
  const terms = adapter.collections[RELATED_TERMS]!
  const postings = adapter.collections[RELATED_POSTINGS]!
  const vectors = adapter.collections[RELATED_VECTORS]!
  const links = adapter.collections[RELATED_LINKS]!
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
            terms: Object.fromEntries(article.terms),
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

    async replaceAutoLinks(owners, rows) {
      const options = { session: await session() }
      await links.deleteMany({ from: { $in: owners }, origin: 'auto' }, options)
      const now = new Date()
      const documents = rows.map((row) => ({ ...row, createdAt: now, excluded: false, origin: 'auto', pinned: false, updatedAt: now }))
      if (documents.length > 0) await links.insertMany(documents, options)
    },

    async setPositions(moves) {
      const options = { session: await session() }
      if (moves.length === 0) return
      await links.bulkWrite(
        moves.map(({ id, position }) => ({ updateOne: { filter: { _id: id }, update: { $set: { position } } } })),
        options,
      )
    },

    async vectors(ids) {
      if (ids.length === 0) return []
      const rows = (await vectors.find({ article: { $in: ids } }, undefined, { lean: true, session: await session() })) as unknown as VectorRow[]
      return rows.map(toIndexed)
    },
  }
}
