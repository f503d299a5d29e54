/**
 * Finding candidates without scanning the archive: each published article is indexed under its
 * few most distinctive terms (its signature), and a new article looks up only its own
 * signature terms, strongest postings first. The exact scorer then ranks the few hundred
 * articles found. Pure; the term index store does the reading and writing.
 */
import type { CorpusStats, TermVector } from './scoreRelated'

import { distinctiveTerms, idf } from './scoreRelated'

type Id = number | string

export type WeightedTerm = { term: string; weight: number }
export type Posting = WeightedTerm & { article: Id }

export const CANDIDATE_DEFAULTS = {
  /** Postings read per signature term, strongest first. */
  postingsPerTerm: 80,
  /** Articles handed to the exact scorer. */
  candidates: 100,
  /** Terms an article is indexed and looked up under. */
  signatureTerms: 40,
}

/** Within a term, a posting's weight grows with how often the article says it, sublinearly. */
export const postingWeight = (tf: number) => Number((1 + Math.log(tf)).toFixed(4))

/** The article's signature: its most distinctive terms, with their posting weights. */
export function signature(terms: TermVector, stats: CorpusStats, size = CANDIDATE_DEFAULTS.signatureTerms): WeightedTerm[] {
  return [...distinctiveTerms(terms, stats, size)].map(([term, tf]) => ({ term, weight: postingWeight(tf) }))
}

/** Articles found under the query's signature terms, best first by summed idf × weights. */
export function rankCandidates(
  query: WeightedTerm[],
  found: Posting[],
  stats: CorpusStats,
  limit = CANDIDATE_DEFAULTS.candidates,
): Id[] {
  const queryWeight = new Map(query.map((posting) => [posting.term, posting.weight * idf(stats, posting.term)]))
  const totals = new Map<string, { id: Id; total: number }>()
  for (const posting of found) {
    const key = String(posting.article)
    const entry = totals.get(key) ?? { id: posting.article, total: 0 }
    entry.total += (queryWeight.get(posting.term) ?? 0) * posting.weight
    totals.set(key, entry)
  }
  return [...totals.values()]
    .sort((x, y) => y.total - x.total || String(x.id).localeCompare(String(y.id)))
    .slice(0, limit)
    .map((entry) => entry.id)
}
