/**
 * The term index and link rows on SQLite and PostgreSQL, in the tables Payload built from the
 * index collections. Statements are written with drizzle's `sql` template (parameters bound,
 * names quoted) and run through the adapter's `execute`: on reads and writes of a hundred rows,
 * the query builder and its row mapping cost more than the database. Document counts change
 * by one upsert with relative increments, so no count is read and written back.
 */
import type { PayloadRequest } from 'payload'

import { type SQL, sql } from '@payloadcms/db-sqlite/drizzle'

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
  execute: (args: { db: Db; sql: SQL }) => Promise<{ rows: unknown[] }>
  name: string
  sessions: Record<number | string, { db: Db } | undefined>
  tables: Record<string, Table>
}
type Row = Record<string, unknown>

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T

/** Ids travel as strings in the index (they may be ObjectIds elsewhere); SQL serial ids are numbers. */
const sqlId = (id: Id): Id => (typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id)

const list = (values: unknown[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )

/**
 * An id list for `in (…)`: integer ids are written into the statement (they cannot carry SQL),
 * which spares binding a parameter per id; other ids are bound.
 */
function idList(ids: Id[]): SQL {
  const asSql = ids.map(sqlId)
  return asSql.every((id) => typeof id === 'number' && Number.isSafeInteger(id)) ? sql.raw(asSql.join(', ')) : list(asSql)
}

/** `(a, b), (c, d)` for a multi-row insert. */
const rowsOf = (rows: unknown[][]) =>
  sql.join(
    rows.map((row) => sql`(${list(row)})`),
    sql`, `,
  )

/** Bare column names, as an insert's column list wants them. */
const columns = (...cols: { name: string }[]) =>
  sql.join(
    cols.map((col) => sql.identifier(col.name)),
    sql`, `,
  )

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
  const run = async (statement: SQL): Promise<Row[]> => (await adapter.execute({ db: await db(), sql: statement })).rows as Row[]

  async function changeDocumentCounts(changes: Map<string, number>) {
    // Sorted, so two transactions touching the same terms lock them in the same order.
    const rows = [...changes].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    for (const batch of chunks(rows)) {
      await run(
        sql`insert into ${terms} (${columns(terms.term, terms.documents)}) values ${rowsOf(batch)} on conflict (${columns(terms.term)}) do update set ${sql.identifier(terms.documents.name)} = ${terms.documents} + excluded.${sql.identifier(terms.documents.name)}`,
      )
    }
    const emptied = rows.filter(([, change]) => change < 0).map(([term]) => term)
    for (const batch of chunks(emptied)) {
      await run(sql`delete from ${terms} where ${terms.term} in (${list(batch)}) and ${terms.documents} <= 0`)
    }
  }

  const toIndexed = (row: Row): IndexedArticle => ({
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
      const rows = await run(
        sql`select ${vectors.article} as "article", ${vectors.categories} as "categories", ${vectors.fingerprint} as "fingerprint", ${vectors.length} as "length", ${vectors.publishedAt} as "publishedAt", ${vectors.selfScore} as "selfScore", ${vectors.terms} as "terms" from ${vectors} where ${vectors.article} in (${idList(batch)})`,
      )
      found.push(...rows.map(toIndexed))
    }
    return found
  }

  const toLink = (row: Row): StoredLink => ({
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

  return {
    async add(article, signature) {
      await run(
        sql`insert into ${vectors} (${columns(vectors.article, vectors.categories, vectors.fingerprint, vectors.length, vectors.publishedAt, vectors.selfScore, vectors.terms)}) values ${rowsOf(
          [
            [
              sqlId(article.article),
              JSON.stringify(article.categories),
              article.fingerprint,
              article.length,
              article.publishedAt.toISOString(),
              article.selfScore,
              packTerms(article.terms),
            ],
          ],
        )}`,
      )
      const rows = signature.map(({ term, weight }) => [sqlId(article.article), term, weight])
      for (const batch of chunks(rows)) {
        await run(sql`insert into ${postings} (${columns(postings.article, postings.term, postings.weight)}) values ${rowsOf(batch)}`)
      }
      await changeDocumentCounts(documentCountChanges(article, 1))
    },

    async corpus(wanted) {
      const names = [...new Set([...wanted, DOCUMENTS_ROW, LENGTH_ROW])]
      const frequencies = new Map<string, number>()
      for (const batch of chunks(names)) {
        const rows = await run(sql`select ${terms.term} as "term", ${terms.documents} as "documents" from ${terms} where ${terms.term} in (${list(batch)})`)
        for (const row of rows) frequencies.set(String(row.term), Number(row.documents))
      }
      return countsFromRows(frequencies)
    },

    async autoLists(owners) {
      const lists = new Map<string, Id[]>()
      for (const batch of chunks(owners)) {
        const rows = await run(sql`select ${links.from} as "from", ${links.to} as "to" from ${links} where ${links.from} in (${idList(batch)}) and ${links.origin} = 'auto'`)
        for (const row of rows) lists.set(String(row.from), [...(lists.get(String(row.from)) ?? []), row.to as Id])
      }
      return lists
    },

    async holders(article) {
      const rows = await run(sql`select distinct ${links.from} as "from" from ${links} where ${links.to} = ${sqlId(article)} and ${links.origin} = 'auto'`)
      return rows.map((row) => row.from as Id)
    },

    async links(owners) {
      const found: StoredLink[] = []
      for (const batch of chunks(owners)) {
        const rows = await run(
          sql`select ${links.id} as "id", ${links.from} as "from", ${links.to} as "to", ${links.origin} as "origin", ${links.pinned} as "pinned", ${links.excluded} as "excluded", ${links.position} as "position", ${links.score} as "score", ${links.reason} as "reason" from ${links} where ${links.from} in (${idList(batch)})`,
        )
        found.push(...rows.map(toLink))
      }
      return found
    },

    async lock() {
      // SQLite already runs one write transaction at a time (see serializeSqliteWrites).
      if (adapter.name === 'postgres') await run(sql`select pg_advisory_xact_lock(${INDEX_LOCK})`)
      return async () => {}
    },

    async postings(names, perTerm) {
      if (names.length === 0) return []
      // One statement for all terms, each reading only its strongest postings through the
      // (term, weight) index: the work stays bounded however long a term's list grows.
      const perTermQuery = (term: string, index: number) =>
        sql`select * from (select ${postings.article} as "article", ${postings.term} as "term", ${postings.weight} as "weight" from ${postings} where ${postings.term} = ${term} order by ${postings.weight} desc limit ${perTerm}) as ${sql.identifier(`t${index}`)}`
      const rows = await run(sql.join(names.map(perTermQuery), sql` union all `))
      return rows.map((row) => ({ article: row.article as Id, term: String(row.term), weight: Number(row.weight) }))
    },

    async recentInCategories(categories, limit) {
      if (categories.length === 0 || !articleRelations?.categoriesID) return []
      const rows = await run(
        sql`select ${articles.id} as "id" from ${articles} inner join ${articleRelations} on ${articleRelations.parent} = ${articles.id} where ${articleRelations.path} = 'categories' and ${articleRelations.categoriesID} in (${idList(categories)}) and ${articles._status} = 'published' order by ${articles.publishedAt} desc limit ${limit}`,
      )
      return rows.map((row) => row.id as Id)
    },

    async remove(id) {
      const [stored] = await readVectors([id])
      if (!stored) return
      await run(sql`delete from ${postings} where ${postings.article} = ${sqlId(id)}`)
      await run(sql`delete from ${vectors} where ${vectors.article} = ${sqlId(id)}`)
      await changeDocumentCounts(documentCountChanges(stored, -1))
    },

    async writeLinks({ add, remove, update }) {
      for (const batch of chunks(remove)) await run(sql`delete from ${links} where ${links.id} in (${idList(batch)})`)
      const rows = add.map((row) => [sqlId(row.from), sqlId(row.to), 'auto', false, false, row.position, row.score, JSON.stringify(row.reason)])
      for (const batch of chunks(rows, 100)) {
        await run(
          sql`insert into ${links} (${columns(links.from, links.to, links.origin, links.pinned, links.excluded, links.position, links.score, links.reason)}) values ${rowsOf(batch)}`,
        )
      }
      // Moves in one statement; the casts give PostgreSQL the type of each bound position.
      for (const batch of chunks(update)) {
        const cases = sql.join(
          batch.map(({ id, position }) => sql`when ${sqlId(id)} then cast(${position} as numeric)`),
          sql` `,
        )
        await run(
          sql`update ${links} set ${sql.identifier(links.position.name)} = case ${links.id} ${cases} end where ${links.id} in (${idList(batch.map(({ id }) => id))})`,
        )
      }
    },

    vectors: readVectors,
  }
}
