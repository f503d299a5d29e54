/**
 * Turns article text into the terms the related-articles scorer compares: words found by the
 * platform's own word segmenter (Intl.Segmenter), lower-cased, English stop words removed
 * (the `stopword` package's list), and Porter-stemmed (`stemmer`), so "sanctions",
 * "sanctioned" and "sanctioning" meet as one term.
 */
import { stemmer } from 'stemmer'
import { eng, removeStopwords } from 'stopword'

const segmenter = new Intl.Segmenter('en', { granularity: 'word' })
const MIN_TERM_LENGTH = 2

export function analyzeText(text: string): string[] {
  const words: string[] = []
  for (const { isWordLike, segment } of segmenter.segment(text.normalize('NFKC'))) {
    if (!isWordLike) continue
    // "U.S." segments as "U.S": acronyms lose their dots.
    const word = segment.toLowerCase().replace(/['’]s$/, '').replace(/\./g, '')
    if (/^\d+$/.test(word) && word.length < 4) continue
    words.push(word)
  }
  return removeStopwords(words, eng)
    .map((word) => stemmer(word))
    .filter((term) => term.length >= MIN_TERM_LENGTH)
}

/** How often each term occurs, each field's terms counted `boost` times. */
export function termFrequencies(fields: { boost: number; text: string }[]): Map<string, number> {
  const frequencies = new Map<string, number>()
  for (const { boost, text } of fields) {
    for (const term of analyzeText(text)) frequencies.set(term, (frequencies.get(term) ?? 0) + boost)
  }
  return frequencies
}
