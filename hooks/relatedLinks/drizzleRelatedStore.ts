/**
 * The term index on SQLite and PostgreSQL, through the drizzle tables Payload built from the
 * index collections. Document counts change by one upsert with relative increments, so no
 * count is ever read and written back.
 */
import type { PayloadRequest } from 'payload'

import { and, desc, eq, inArray, lte, sql } from '@payloadcms/db-sqlite/drizzle'

import type { Posting } from '../../src/related/candidates'
import type { Id, IndexedArticle, RelatedStore } from './relatedStore'

import { RELATED_LINKS, RELATED_POSTINGS, RELATED_TERMS, RELATED_VECTORS } from '../../collections/slugs'
import { countsFromRows, documentCountChanges, DOCUMENTS_ROW, LENGTH_ROW } from './relatedStore'

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500
/** Any constant: the advisory lock that makes PostgreSQL publishes take turns over the index. */
const INDEX_LOCK = 7_201_914

// The drizzle tables are built at runtime from the collection configs, so their columns are
// not known to the type system.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Table = any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = any
type DrizzleAdapter = { drizzle: Db; name: string; sessions: Record<number | string, { db: Db } | undefined>; tables: Record<string, Table> }

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T

export function drizzleRelatedStore(req: PayloadRequest): RelatedStore {
  const adapter = req.payload.db as unknown as DrizzleAdapter
  const table = (slug: string): Table => adapter.tables[slug.replace(/-/g, '_')]
  const terms = table(RELATED_TERMS)
  const postings = table(RELATED_POSTINGS)
  const vectors = table(RELATED_VECTORS)
  const links = table(RELATED_LINKS)
  const db = async (): Promise<Db> => {
    const id = req.transactionID ? await req.transactionID : undefined
    return (id !== undefined && adapter.sessions[id]?.db) || adapter.drizzle
  }

  async function changeDocumentCounts(changes: Map<string, number>) {
    const tx = await db()
    // Sorted, so two transactions touching the same terms lock them in the same order.
    const rows = [...changes].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([term, documents]) => ({ documents, term }))
    for (const batch of chunks(rows)) {
      await tx
        .insert(terms)
        .values(batch)
        .onConflictDoUpdate({ set: { documents: sql`${terms.documents} + excluded.documents` }, target: terms.term })
    }
    const emptied = rows.filter((row) => row.documents < 0).map((row) => row.term)
    for (const batch of chunks(emptied)) {
      await tx.delete(terms).where(and(inArray(terms.term, batch), lte(terms.documents, 0)))
    }
  }

  const toIndexed = (row: Record<string, unknown>): IndexedArticle => ({
    article: row.article as Id,
    categories: parseJson<string[]>(row.categories),
    fingerprint: String(row.fingerprint),
    length: Number(row.length),
    publishedAt: new Date(row.publishedAt as string),
    selfScore: Number(row.selfScore),
    terms: new Map(Object.entries(parseJson<Record<string, number>>(row.terms))),
  })

  return {
    async add(article, signature) {
      const tx = await db()
      await tx.insert(vectors).values({
        article: article.article,
        categories: article.categories,
        fingerprint: article.fingerprint,
        length: article.length,
        selfScore: article.selfScore,
        publishedAt: article.publishedAt.toISOString(),
        terms: Object.fromEntries(article.terms),
      })
      const rows = signature.map(({ term, weight }) => ({ article: article.article, term, weight }))
      for (const batch of chunks(rows)) await tx.insert(postings).values(batch)
      await changeDocumentCounts(documentCountChanges(article, 1))
    },

    async corpus(wanted) {
      const tx = await db()
      const names = [...new Set([...wanted, DOCUMENTS_ROW, LENGTH_ROW])]
      const frequencies = new Map<string, number>()
      for (const batch of chunks(names)) {
        const rows: { documents: number; term: string }[] = await tx
          .select({ documents: terms.documents, term: terms.term })
          .from(terms)
          .where(inArray(terms.term, batch))
        for (const row of rows) frequencies.set(row.term, Number(row.documents))
      }
      return countsFromRows(frequencies)
    },

    async lock() {
      // SQLite already runs one write transaction at a time (see serializeSqliteWrites).
      if (adapter.name === 'postgres') await (await db()).execute(sql`select pg_advisory_xact_lock(${INDEX_LOCK})`)
    },

    async postings(names, perTerm) {
      const tx = await db()
      const found: Posting[] = []
      for (const term of names) {
        const rows: { article: Id; weight: number }[] = await tx
          .select({ article: postings.article, weight: postings.weight })
          .from(postings)
          .where(eq(postings.term, term))
          .orderBy(desc(postings.weight))
          .limit(perTerm)
        for (const row of rows) found.push({ article: row.article, term, weight: Number(row.weight) })
      }
      return found
    },

    async remove(id) {
      const tx = await db()
      const rows: Record<string, unknown>[] = await tx.select().from(vectors).where(eq(vectors.article, id))
      if (rows.length === 0) return
      await tx.delete(postings).where(eq(postings.article, id))
      await tx.delete(vectors).where(eq(vectors.article, id))
      await changeDocumentCounts(documentCountChanges(toIndexed(rows[0]!), -1))
    },

    async replaceAutoLinks(owners, rows) {
      const tx = await db()
      for (const batch of chunks(owners)) await tx.delete(links).where(and(inArray(links.from, batch), eq(links.origin, 'auto')))
      const values = rows.map((row) => ({ ...row, excluded: false, origin: 'auto', pinned: false }))
      for (const batch of chunks(values, 100)) await tx.insert(links).values(batch)
    },

    async setPositions(moves) {
      const tx = await db()
      for (const { id, position } of moves) await tx.update(links).set({ position }).where(eq(links.id, id))
    },

    async vectors(ids) {
      if (ids.length === 0) return []
      const tx = await db()
      const found: IndexedArticle[] = []
      for (const batch of chunks(ids)) {
        const rows: Record<string, unknown>[] = await tx.select().from(vectors).where(inArray(vectors.article, batch))
        found.push(...rows.map(toIndexed))
      }
      return found
    },
  }
}
