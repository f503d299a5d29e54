/**
 * The term index on SQLite and PostgreSQL, through the drizzle tables Payload built from the
 * index collections. Document counts change by one upsert with relative increments, so no
 * count is ever read and written back.
 */
import type { PayloadRequest } from 'payload'

import { and, eq, inArray, lte, sql } from '@payloadcms/db-sqlite/drizzle'

import type { Id, IndexedArticle, RelatedStore, StoredLink } from './relatedStore'

import { ARTICLES, RELATED_LINKS, RELATED_POSTINGS, RELATED_TERMS, RELATED_VECTORS } from '../../collections/slugs'
import { countsFromRows, documentCountChanges, DOCUMENTS_ROW, LENGTH_ROW, packTerms, unpackTerms } from './relatedStore'

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
type DrizzleAdapter = {
  drizzle: Db
  execute: (args: { db: Db; sql: unknown }) => Promise<{ rows: unknown[] }>
  name: string
  sessions: Record<number | string, { db: Db } | undefined>
  tables: Record<string, Table>
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T
/**
 * An id list for `in (…)`: integer ids are written into the statement (they cannot carry SQL),
 * which spares binding and mapping a parameter per id on reads of a hundred rows; other ids
 * are bound.
 */
function idList(ids: Id[]) {
  const asSql = ids.map(sqlId)
  return asSql.every((id) => typeof id === 'number' && Number.isSafeInteger(id))
    ? sql.raw(asSql.join(', '))
    : sql.join(
        asSql.map((id) => sql`${id}`),
        sql`, `,
      )
}

/** Ids travel as strings in the index (they may be ObjectIds elsewhere); SQL serial ids are numbers. */
const sqlId = (id: Id): Id => (typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id)

export function drizzleRelatedStore(req: PayloadRequest): RelatedStore {
  const adapter = req.payload.db as unknown as DrizzleAdapter
  const table = (slug: string): Table => adapter.tables[slug.replace(/-/g, '_')]
  const terms = table(RELATED_TERMS)
  const postings = table(RELATED_POSTINGS)
  const vectors = table(RELATED_VECTORS)
  const links = table(RELATED_LINKS)
  const articles = table(ARTICLES)
  const articleRelations = table(`${ARTICLES}_rels`)
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

  // Hot reads go through plain SQL: drizzle's query builder and row mapping cost more than
  // the query itself on a hundred rows.
  const select = async (statement: unknown): Promise<Record<string, unknown>[]> =>
    (await adapter.execute({ db: await db(), sql: statement })).rows as Record<string, unknown>[]

  const toIndexed = (row: Record<string, unknown>): IndexedArticle => ({
    article: row.article as Id,
    categories: parseJson<string[]>(row.categories),
    fingerprint: String(row.fingerprint),
    length: Number(row.length),
    publishedAt: new Date(row.publishedAt as string),
    selfScore: Number(row.selfScore),
    terms: unpackTerms(String(row.terms)),
  })

  async function readVectors(ids: Id[]): Promise<IndexedArticle[]> {
    const found: IndexedArticle[] = []
    for (const batch of chunks(ids)) {
      const rows = await select(
        sql`select ${vectors.article} as "article", ${vectors.categories} as "categories", ${vectors.fingerprint} as "fingerprint", ${vectors.length} as "length", ${vectors.publishedAt} as "publishedAt", ${vectors.selfScore} as "selfScore", ${vectors.terms} as "terms" from ${vectors} where ${vectors.article} in (${idList(batch)})`,
      )
      found.push(...rows.map(toIndexed))
    }
    return found
  }

  return {
    async add(article, signature) {
      const tx = await db()
      await tx.insert(vectors).values({
        article: sqlId(article.article),
        categories: article.categories,
        fingerprint: article.fingerprint,
        length: article.length,
        selfScore: article.selfScore,
        publishedAt: article.publishedAt.toISOString(),
        terms: packTerms(article.terms),
      })
      const rows = signature.map(({ term, weight }) => ({ article: sqlId(article.article), term, weight }))
      for (const batch of chunks(rows)) await tx.insert(postings).values(batch)
      await changeDocumentCounts(documentCountChanges(article, 1))
    },

    async holders(article) {
      const rows = await select(sql`select distinct ${links.from} as "from" from ${links} where ${links.to} = ${sqlId(article)} and ${links.origin} = 'auto'`)
      return rows.map((row) => row.from as Id)
    },

    async links(owners) {
      const found: StoredLink[] = []
      for (const batch of chunks(owners)) {
        const rows = await select(
          sql`select ${links.id} as "id", ${links.from} as "from", ${links.to} as "to", ${links.origin} as "origin", ${links.pinned} as "pinned", ${links.excluded} as "excluded", ${links.position} as "position", ${links.score} as "score", ${links.reason} as "reason" from ${links} where ${links.from} in (${idList(batch)})`,
        )
        for (const row of rows) {
          found.push({
            excluded: Boolean(row.excluded),
            from: row.from as Id,
            id: row.id as Id,
            origin: row.origin === 'auto' ? 'auto' : 'manual',
            pinned: Boolean(row.pinned),
            position: row.position === null ? null : Number(row.position),
            reason: row.reason ? parseJson(row.reason) : { sharedCategories: [], sharedTerms: [] },
            score: row.score === null ? null : Number(row.score),
            to: (row.to ?? undefined) as Id | undefined,
          })
        }
      }
      return found
    },

    async recentInCategories(categories, limit) {
      if (categories.length === 0 || !articleRelations?.categoriesID) return []
      const rows = await select(
        sql`select ${articles.id} as "id" from ${articles} inner join ${articleRelations} on ${articleRelations.parent} = ${articles.id} where ${articleRelations.path} = 'categories' and ${articleRelations.categoriesID} in (${idList(categories)}) and ${articles._status} = 'published' order by ${articles.publishedAt} desc limit ${limit}`,
      )
      return rows.map((row) => row.id as Id)
    },

    async corpus(wanted) {
      const names = [...new Set([...wanted, DOCUMENTS_ROW, LENGTH_ROW])]
      const frequencies = new Map<string, number>()
      for (const batch of chunks(names)) {
        const list = sql.join(
          batch.map((term) => sql`${term}`),
          sql`, `,
        )
        const rows = await select(sql`select ${terms.term} as "term", ${terms.documents} as "documents" from ${terms} where ${terms.term} in (${list})`)
        for (const row of rows) frequencies.set(String(row.term), Number(row.documents))
      }
      return countsFromRows(frequencies)
    },

    async lock() {
      // SQLite already runs one write transaction at a time (see serializeSqliteWrites).
      if (adapter.name === 'postgres') await (await db()).execute(sql`select pg_advisory_xact_lock(${INDEX_LOCK})`)
    },

    async postings(names, perTerm) {
      if (names.length === 0) return []
      // One statement for all terms, each reading only its strongest postings through the
      // (term, weight) index: the work stays bounded however long a term's list grows.
      const perTermQuery = (term: string, index: number) =>
        sql`select * from (select ${postings.article} as article, ${postings.term} as term, ${postings.weight} as weight from ${postings} where ${postings.term} = ${term} order by ${postings.weight} desc limit ${perTerm}) as ${sql.identifier(`t${index}`)}`
      const result = await adapter.execute({ db: await db(), sql: sql.join(names.map(perTermQuery), sql` union all `) })
      return (result.rows as { article: Id; term: string; weight: number }[]).map((row) => ({
        article: row.article,
        term: String(row.term),
        weight: Number(row.weight),
      }))
    },

    async remove(id) {
      const tx = await db()
      const [row] = await readVectors([id])
      if (!row) return
      await tx.delete(postings).where(eq(postings.article, sqlId(id)))
      await tx.delete(vectors).where(eq(vectors.article, sqlId(id)))
      await changeDocumentCounts(documentCountChanges(row, -1))
    },

    async writeLinks({ add, remove, update }) {
      const tx = await db()
      for (const batch of chunks(remove.map(sqlId))) await tx.delete(links).where(inArray(links.id, batch))
      const values = add.map((row) => ({ ...row, excluded: false, from: sqlId(row.from), origin: 'auto', pinned: false, to: sqlId(row.to) }))
      for (const batch of chunks(values, 100)) await tx.insert(links).values(batch)
      // Row by row: only editors' links move in place (automatic ones are replaced), which is rare.
      for (const { id, ...change } of update) await tx.update(links).set(change).where(eq(links.id, sqlId(id)))
    },

    vectors: readVectors,
  }
}
