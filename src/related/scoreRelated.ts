/**
 * How related two published articles are: BM25 text similarity of their weighted terms
 * (title, summary, body), normalised by the article's similarity to itself so scores from
 * different articles compare, combined with shared categories, shared neighbours and closeness
 * in time. Pure: the publishing hooks fetch the statistics and candidates, this decides.
 */
import { generalDocumentShare, isEverydayTerm } from './generalEnglish'

export type TermVector = Map<string, number>

export type ScoringDocument = {
  categories: string[]
  id: number | string
  /** Sum of the document's term frequencies (its BM25 length). */
  length: number
  publishedAt: Date
  /**
   * The document's similarity to itself, stored when it was indexed (see `indexForm`). With
   * it, `terms` are taken as the query as they are, so scoring it against others needs the
   * document frequency of shared terms only.
   */
  selfScore?: number
  terms: TermVector
}

export type CorpusStats = {
  averageLength: number
  /** Number of published documents containing each term. */
  documentFrequency: (term: string) => number
  documentCount: number
}

export type ScoringOptions = {
  /** @default 1.2 */ k1?: number
  /** @default 0.75 */ b?: number
  /**
   * Weights of the four signals; they sum to 1.
   * @default { text: 0.65, categories: 0.2, neighbours: 0.07, recency: 0.08 }
   */
  weights?: { categories: number; neighbours: number; recency: number; text: number }
  /** Days over which closeness in time halves its contribution. @default 30 */
  recencyHalfLifeDays?: number
  /** Scores below this never make a link. @default 0.12 */
  threshold?: number
  /**
   * Shared terms outside everyday English (names, places, topic words) two articles need to be
   * related by their text; without them only a shared category relates them. @default 2
   */
  distinctiveSharedTerms?: number
  /** How many shared terms a reason lists, distinctive ones first. @default 5 */
  reasonTerms?: number
  /**
   * Only the query's most distinctive terms (by tf·idf) are compared, as a "more like this"
   * does: it keeps long articles from matching on incidental words, and bounds the work.
   * @default 300
   */
  queryTerms?: number
  /**
   * How many of a document's most distinctive terms its stored (index) form keeps. Scored
   * from storage, the whole stored form is the query; a news article rarely has this many
   * distinct terms, so it is stored whole.
   * @default 1000
   */
  storedTerms?: number
}

/**
 * Each candidate's own list (the articles it links to automatically): a candidate whose list
 * holds the query's best matches is related to it by the company it keeps as well as by its
 * words. On the Brown corpus this lifts precision@10 from 0.369 to 0.39 (bench:related-quality).
 */
export type Neighbours = {
  /** The candidate's listed articles; `undefined` when it has none. */
  of: (id: number | string) => (number | string)[] | undefined
  /** The query's own list when it has one; otherwise its `size` best matches among the candidates stand for it. */
  query?: (number | string)[]
  /** How many of the query's best matches are compared (its list length). */
  size: number
}

export type RelatedScore = {
  id: number | string
  reason: { sharedCategories: string[]; sharedTerms: string[] }
  score: number
}

const DEFAULTS = {
  b: 0.75,
  distinctiveSharedTerms: 2,
  k1: 1.2,
  queryTerms: 300,
  reasonTerms: 5,
  recencyHalfLifeDays: 30,
  storedTerms: 1000,
  threshold: 0.12,
  weights: { categories: 0.2, neighbours: 0.07, recency: 0.08, text: 0.65 },
}

/**
 * General English stands beside the site as this many documents: on a small site they keep
 * everyday words ("told", "give") from weighing like names; on thousands of articles the
 * site's own counts decide.
 */
const BACKGROUND_DOCUMENTS = 100

export function idf(stats: CorpusStats, term: string): number {
  const df = Math.max(0, stats.documentFrequency(term)) + BACKGROUND_DOCUMENTS * generalDocumentShare(term)
  return Math.log(1 + (stats.documentCount + BACKGROUND_DOCUMENTS - df + 0.5) / (df + 0.5))
}

/**
 * Term frequencies count sublinearly (1 + ln tf): a word said ten times is not ten times the
 * evidence. On the Brown corpus it lifts precision@10 from 0.352 to 0.369 (npm run
 * bench:related-quality).
 */
const sublinear = (tf: number) => (tf > 0 ? 1 + Math.log(tf) : 0)

function termContributions(query: ScoringDocument, doc: ScoringDocument, stats: CorpusStats, k1: number, b: number): Map<string, number> {
  const contributions = new Map<string, number>()
  const norm = 1 - b + (b * doc.length) / Math.max(stats.averageLength, 1)
  for (const [term, queryTf] of query.terms) {
    const docTf = doc.terms.get(term)
    if (!docTf) continue
    const tf = sublinear(docTf)
    contributions.set(term, idf(stats, term) * sublinear(queryTf) * ((tf * (k1 + 1)) / (tf + k1 * norm)))
  }
  return contributions
}

const sum = (values: Iterable<number>) => {
  let total = 0
  for (const value of values) total += value
  return total
}

/** The query's `limit` most distinctive terms, by term frequency times inverse document frequency. */
export function distinctiveTerms(terms: TermVector, stats: CorpusStats, limit: number): TermVector {
  return new Map(
    [...terms.entries()]
      .map(([term, tf]) => [term, tf, tf * idf(stats, term)] as const)
      .sort((x, y) => y[2] - x[2] || x[0].localeCompare(y[0]))
      .slice(0, limit)
      .map(([term, tf]) => [term, tf]),
  )
}

/**
 * The form a document is stored in for later scoring: its most distinctive terms (a very long
 * text's least distinctive words barely move BM25, and dropping them bounds the index) and
 * its self-similarity under today's statistics.
 */
export function indexForm(document: ScoringDocument, stats: CorpusStats, options: ScoringOptions = {}): ScoringDocument {
  const { b, k1, storedTerms } = { ...DEFAULTS, ...options }
  const terms = distinctiveTerms(document.terms, stats, storedTerms)
  const distinct = { ...document, terms }
  return { ...distinct, selfScore: sum(termContributions(distinct, distinct, stats, k1, b).values()) || 1 }
}

type TextMatch = { categories: number; contributions: Map<string, number>; doc: ScoringDocument; recency: number; sharedCategories: string[]; text: number }

/**
 * Scores each candidate against `query`; returns those at or above the threshold, best first.
 * A candidate is related only by distinctive evidence: a shared category, or at least
 * `distinctiveSharedTerms` shared terms that are not everyday English words — common words
 * alone ("give", "agreed", "told") never make a link, however many.
 */
export function scoreRelated(
  fullQuery: ScoringDocument,
  candidates: ScoringDocument[],
  stats: CorpusStats,
  options: ScoringOptions = {},
  neighbours?: Neighbours,
): RelatedScore[] {
  const { b, distinctiveSharedTerms, k1, queryTerms, reasonTerms, recencyHalfLifeDays, threshold, weights } = { ...DEFAULTS, ...options }
  const query = fullQuery.selfScore ? fullQuery : { ...fullQuery, terms: distinctiveTerms(fullQuery.terms, stats, queryTerms) }
  const selfScore = fullQuery.selfScore ?? (sum(termContributions(query, query, stats, k1, b).values()) || 1)
  const queryCategories = new Set(query.categories)
  const matches: TextMatch[] = []
  for (const doc of candidates) {
    if (String(doc.id) === String(query.id)) continue
    const contributions = termContributions(query, doc, stats, k1, b)
    const sharedCategories = doc.categories.filter((category) => queryCategories.has(category))
    let distinctive = 0
    for (const term of contributions.keys()) if (!isEverydayTerm(term)) distinctive++
    const text = distinctive >= distinctiveSharedTerms ? Math.min(1, sum(contributions.values()) / selfScore) : 0
    const categories = queryCategories.size === 0 ? 0 : sharedCategories.length / queryCategories.size
    // Closeness in time alone never relates two articles: it only orders those that share something.
    if (text === 0 && categories === 0) continue
    const days = Math.abs(query.publishedAt.getTime() - doc.publishedAt.getTime()) / 86_400_000
    matches.push({ categories, contributions, doc, recency: Math.pow(0.5, days / recencyHalfLifeDays), sharedCategories, text })
  }
  const direct = (match: TextMatch) => weights.text * match.text + weights.categories * match.categories + weights.recency * match.recency
  const best = !neighbours
    ? undefined
    : neighbours.query
      ? new Set(neighbours.query.map(String))
      : new Set(
        [...matches]
          .sort((x, y) => direct(y) - direct(x) || String(x.doc.id).localeCompare(String(y.doc.id)))
          .slice(0, neighbours.size)
          .map((match) => String(match.doc.id)),
        )
  const results: RelatedScore[] = []
  for (const match of matches) {
    let shared = 0
    if (best) for (const id of neighbours!.of(match.doc.id) ?? []) if (best.has(String(id))) shared++
    const score = direct(match) + (best ? (weights.neighbours * shared) / Math.max(1, neighbours!.size) : 0)
    if (score < threshold) continue
    // Distinctive terms first: they are what relates the two.
    const sharedTerms = [...match.contributions.entries()]
      .sort((x, y) => Number(isEverydayTerm(x[0])) - Number(isEverydayTerm(y[0])) || y[1] - x[1])
      .slice(0, reasonTerms)
      .map(([term]) => term)
    results.push({ id: match.doc.id, reason: { sharedCategories: match.sharedCategories, sharedTerms }, score: Number(score.toFixed(6)) })
  }
  return results.sort((x, y) => y.score - x.score || String(x.id).localeCompare(String(y.id)))
}
