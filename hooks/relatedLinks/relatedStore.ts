/**
 * Where the related-articles term index and the automatic link rows are read and written: one
 * implementation on drizzle (SQLite and PostgreSQL share it) and one on MongoDB, chosen by the
 * database adapter. Both write in bulk inside the request's transaction, so the index and the
 * lists commit or roll back with the publish that changed them.
 */
import type { PayloadRequest } from 'payload'

import type { Posting, WeightedTerm } from '../../src/related/candidates'
import type { CorpusStats, TermVector } from '../../src/related/scoreRelated'

import { drizzleRelatedStore } from './drizzleRelatedStore'

export type Id = number | string

/** A published article as the index holds it. */
export type IndexedArticle = {
  article: Id
  categories: string[]
  /** Identifies the indexed content: an unchanged article is not re-indexed. */
  fingerprint: string
  /** Sum of all its term frequencies (BM25 length). */
  length: number
  publishedAt: Date
  /** Its similarity to itself when indexed (see indexForm in src/related/scoreRelated). */
  selfScore: number
  /** Its most distinctive terms with their frequencies; document counts count these. */
  terms: TermVector
}

/** Corpus totals and the document counts of some terms. */
export type CorpusCounts = { documents: number; frequencies: Map<string, number>; length: number }

/** An automatic related link as stored. */
export type AutoLinkRow = {
  from: Id
  position: number
  reason: { sharedCategories: string[]; sharedTerms: string[] }
  score: number
  to: Id
}

export type LinkChanges = {
  /** Links to remove (automatic ones that left a list). */
  remove: Id[]
  /** Automatic links that entered a list. */
  add: AutoLinkRow[]
  /** Links that only moved (`position: null` takes an excluded link out of the order). */
  update: { id: Id; position: null | number }[]
}

/** Any link of a list, as the list planner needs it. */
export type StoredLink = {
  excluded: boolean
  from: Id
  id: Id
  origin: 'auto' | 'manual'
  pinned: boolean
  position: null | number
  reason: AutoLinkRow['reason']
  score: null | number
  to: Id | undefined
}

export type RelatedStore = {
  /** Adds an article (not already in the index) under its full vector and its signature postings. */
  add: (article: IndexedArticle, signature: WeightedTerm[]) => Promise<void>
  /** The articles each of `owners` lists automatically (owners without any are left out). */
  autoLists: (owners: Id[]) => Promise<Map<string, Id[]>>
  /** Articles whose automatic list holds `article`. */
  holders: (article: Id) => Promise<Id[]>
  /** Every link (automatic and editors') of the `owners`' lists. */
  links: (owners: Id[]) => Promise<StoredLink[]>
  /** Corpus size and length, and the document count of each of `terms`. */
  corpus: (terms: Iterable<string>) => Promise<CorpusCounts>
  /**
   * Makes concurrent publishes take turns over the index and the lists until this transaction
   * ends, so each sees the others' results. Outside a transaction (MongoDB without a replica
   * set) the turn ends when the returned function is called; inside one that function does nothing.
   */
  lock: () => Promise<() => Promise<void>>
  /** The most recently published articles in any of `categories`. */
  recentInCategories: (categories: string[], limit: number) => Promise<Id[]>
  /** The strongest `perTerm` postings of each term. */
  postings: (terms: string[], perTerm: number) => Promise<Posting[]>
  /** Takes an article out of the index; nothing happens when it is not in it. */
  remove: (article: Id) => Promise<void>
  /** Changes lists row by row: only links that enter, leave or move are written. */
  writeLinks: (changes: LinkChanges) => Promise<void>
  vectors: (articles: Id[]) => Promise<IndexedArticle[]>
}

/**
 * Corpus totals live in the term table under names no analysed word can have (the analyser
 * keeps only letters and digits).
 */
export const DOCUMENTS_ROW = '#documents'
export const LENGTH_ROW = '#length'

/**
 * Term vectors are stored as "term tf term tf …": terms never hold spaces, and reading a
 * hundred candidates' vectors this way is several times faster than parsing JSON objects with
 * hundreds of keys.
 */
export function packTerms(terms: TermVector): string {
  return [...terms].map(([term, tf]) => `${term} ${tf}`).join(' ')
}

export function unpackTerms(packed: string): TermVector {
  const parts = packed ? packed.split(' ') : []
  const terms: TermVector = new Map()
  for (let i = 0; i + 1 < parts.length; i += 2) terms.set(parts[i]!, Number(parts[i + 1]))
  return terms
}

/** Per-term change in document counts when `article` enters (+1) or leaves (-1) the index. */
export function documentCountChanges(article: Pick<IndexedArticle, 'length' | 'terms'>, sign: 1 | -1): Map<string, number> {
  const changes = new Map<string, number>([
    [DOCUMENTS_ROW, sign],
    [LENGTH_ROW, sign * article.length],
  ])
  for (const term of article.terms.keys()) changes.set(term, sign)
  return changes
}

export function corpusStats({ documents, frequencies, length }: CorpusCounts): CorpusStats {
  return {
    averageLength: documents > 0 ? length / documents : 0,
    documentCount: documents,
    documentFrequency: (term) => frequencies.get(term) ?? 0,
  }
}

/** The counts as they are once `article` is in the index too. */
export function countsWith(counts: CorpusCounts, article: Pick<IndexedArticle, 'length' | 'terms'>): CorpusCounts {
  const frequencies = new Map(counts.frequencies)
  for (const term of article.terms.keys()) frequencies.set(term, (frequencies.get(term) ?? 0) + 1)
  return { documents: counts.documents + 1, frequencies, length: counts.length + article.length }
}

/** Reads the counts stored under the reserved rows and the terms' own rows. */
export function countsFromRows(rows: Map<string, number>): CorpusCounts {
  return { documents: rows.get(DOCUMENTS_ROW) ?? 0, frequencies: rows, length: rows.get(LENGTH_ROW) ?? 0 }
}

/**
 * The MongoDB store is imported only on MongoDB: it loads the driver, whose BSON serializer
 * allocates a 17 MB buffer, which a SQLite or PostgreSQL server would carry for nothing.
 */
export async function relatedStore(req: PayloadRequest): Promise<RelatedStore> {
  if (req.payload.db.name !== 'mongoose') return drizzleRelatedStore(req)
  const { mongoRelatedStore } = await import('./mongoRelatedStore')
  return mongoRelatedStore(req)
}
