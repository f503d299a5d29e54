import { describe, expect, it } from 'vitest'

import { termFrequencies } from '../../src/related/analyzeText'
import { type CorpusStats, type ScoringDocument, scoreRelated } from '../../src/related/scoreRelated'

const day = (n: number) => new Date(Date.UTC(2025, 7, 1 + n))

function doc(id: string, title: string, body: string, categories: string[] = [], publishedAt = day(0)): ScoringDocument {
  const terms = termFrequencies([
    { boost: 3, text: title },
    { boost: 1, text: body },
  ])
  return { categories, id, length: [...terms.values()].reduce((a, b) => a + b, 0), publishedAt, terms }
}

function statsOf(docs: ScoringDocument[]): CorpusStats {
  return {
    averageLength: docs.reduce((total, d) => total + d.length, 0) / docs.length,
    documentCount: docs.length,
    documentFrequency: (term) => docs.filter((d) => d.terms.has(term)).length,
  }
}

const query = doc('q', 'Ukraine security guarantee', 'Envoy says Russia agreed to a security guarantee for Ukraine', ['russia'])
const close = doc('close', 'Security guarantees for Ukraine debated', 'Allies debate a guarantee of Ukraine security', ['russia'], day(1))
const sameCategoryOnly = doc('category', 'Grain exports resume', 'Shipping lanes reopen', ['russia'], day(2))
const unrelated = doc('unrelated', 'Local bakery wins prize', 'Sourdough judged best in county', [], day(0))
const far = doc('far', 'Security guarantees for Ukraine debated', 'Allies debate a guarantee of Ukraine security', ['russia'], day(400))
const corpus = [query, close, sameCategoryOnly, unrelated, far]

describe('scoreRelated', () => {
  const results = scoreRelated(query, corpus, statsOf(corpus))
  const ids = results.map((r) => r.id)

  it('ranks shared text above shared category alone, and leaves out the unrelated and itself', () => {
    expect(ids[0]).toBe('close')
    expect(ids).toContain('category')
    expect(ids.indexOf('close')).toBeLessThan(ids.indexOf('category'))
    expect(ids).not.toContain('unrelated')
    expect(ids).not.toContain('q')
  })

  it('prefers the closer of two equal texts in time', () => {
    expect(ids.indexOf('close')).toBeLessThan(ids.indexOf('far'))
    const score = (id: string) => results.find((r) => r.id === id)!.score
    expect(score('close')).toBeGreaterThan(score('far'))
  })

  it('explains each link with shared categories and the terms that weighed most', () => {
    const close = results.find((r) => r.id === 'close')!
    expect(close.reason.sharedCategories).toEqual(['russia'])
    expect(close.reason.sharedTerms.slice(0, 3).sort()).toEqual(['guarante', 'secur', 'ukrain'])
  })

  it('drops candidates below the threshold', () => {
    expect(scoreRelated(query, corpus, statsOf(corpus), { threshold: 0.99 })).toEqual([])
  })
})

describe('distinctive evidence', () => {
  // Two texts that share only everyday words, and two that share names and topic words.
  const envoy = doc('envoy', 'Envoy says talks will go on', 'The special envoy told reporters both sides agreed to give the plan more time, as he described it')
  const levee = doc('levee', 'Levee repairs to start', 'Engineers told the board at a special meeting that owners agreed to give the river more room, described as urgent')
  const kyiv = doc('kyiv', 'Kyiv weighs NATO guarantee', 'Ukrainian diplomats in Kyiv weigh a NATO-style guarantee the envoy described')
  const envoyKyiv = doc('envoy-kyiv', 'Envoy to Kyiv on NATO guarantee', 'The envoy said Kyiv would get a NATO-style guarantee')
  const site = [envoy, levee, kyiv, envoyKyiv]

  it('common words alone, however many, relate nothing', () => {
    expect(scoreRelated(envoy, site, statsOf(site), { threshold: 0 }).map((r) => r.id)).not.toContain('levee')
  })

  it('shared names and topic words do, and the reason names them first', () => {
    const [best] = scoreRelated(envoyKyiv, site, statsOf(site))
    expect(best!.id).toBe('kyiv')
    expect(best!.reason.sharedTerms.slice(0, 2).sort()).toEqual(['kyiv', 'nato'])
  })
})

describe('shared neighbours', () => {
  const a = doc('a', 'Kyiv NATO guarantee', 'A NATO guarantee for Kyiv')
  const b = doc('b', 'Kyiv NATO guarantee talks', 'Talks on a NATO guarantee for Kyiv')
  const c = doc('c', 'Kyiv NATO guarantee talks', 'Talks on a NATO guarantee for Kyiv')
  const site = [a, b, c]

  it('a candidate whose own list holds the query’s best matches ranks higher', () => {
    const plain = scoreRelated(a, site, statsOf(site), { threshold: 0 })
    const lists = new Map([['c', ['b']]])
    const withLists = scoreRelated(a, site, statsOf(site), { threshold: 0 }, { of: (id) => lists.get(String(id)), size: 1 })
    const score = (results: typeof plain, id: string) => results.find((r) => r.id === id)!.score
    expect(score(withLists, 'c')).toBeGreaterThan(score(plain, 'c'))
    expect(score(withLists, 'b')).toBe(score(plain, 'b'))
  })
})
