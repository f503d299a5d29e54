/**
 * Made-up articles for benchmarks: pseudo-words with a Zipf-like spread, grouped into topics, so
 * an archive of any size has the shape of a real one (common words everywhere, topic words
 * shared by a few hundred articles, a long tail). Deterministic for a given seed.
 */

/** Small seeded PRNG (mulberry32): the same seed gives the same archive. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const CONSONANTS = 'bcdfghjklmnprstvwz'
const VOWELS = 'aeiou'

export type SyntheticArticle = {
  body: string
  category: number
  publishedAt: Date
  summary: string
  title: string
  topic: number
}

export type ArchiveShape = {
  /** @default 180 */ bodyWords?: number
  /** @default 20 */ categories?: number
  /** @default 2000 */ commonWords?: number
  /** @default 400 */ topics?: number
  /** @default 60 */ wordsPerTopic?: number
  /** @default 30000 */ vocabulary?: number
}

export function syntheticArchive(seed: number, shape: ArchiveShape = {}) {
  const { bodyWords = 180, categories = 20, commonWords = 2000, topics = 400, vocabulary = 30_000, wordsPerTopic = 60 } = shape
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
  const seen = new Set<string>()
  const words: string[] = []
  while (words.length < vocabulary) {
    const syllables = 2 + Math.floor(random() * 3)
    let word = ''
    for (let i = 0; i < syllables; i++) word += pick(CONSONANTS.split('')) + pick(VOWELS.split(''))
    if (!seen.has(word)) {
      seen.add(word)
      words.push(word)
    }
  }
  // Zipf over the common words: rank r is drawn with probability ∝ 1/r.
  const zipf = (size: number) => Math.min(size - 1, Math.floor(Math.exp(random() * Math.log(size + 1))) - 1)
  const common = () => words[zipf(commonWords)]!
  const rare = () => words[commonWords + Math.floor(random() * (vocabulary - commonWords))]!
  const topicWords = Array.from({ length: topics }, () => Array.from({ length: wordsPerTopic }, rare))
  const topical = (topic: number) => topicWords[topic]![zipf(wordsPerTopic)]!
  const sentence = (topic: number, length: number, topicShare: number) =>
    Array.from({ length }, () => (random() < topicShare ? topical(topic) : random() < 0.9 ? common() : rare())).join(' ')

  return function article(): SyntheticArticle {
    const topic = Math.floor(random() * topics)
    return {
      body: sentence(topic, bodyWords, 0.35),
      category: topic % categories,
      publishedAt: new Date(Date.now() - random() * 730 * 86_400_000),
      summary: sentence(topic, 20, 0.4),
      title: sentence(topic, 7, 0.6),
      topic,
    }
  }
}
