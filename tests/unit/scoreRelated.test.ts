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
