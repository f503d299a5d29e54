// The order of a related list and the rows a change writes: pure functions, no database.
import { describe, expect, it } from 'vitest'

import { packTerms, unpackTerms } from '../../hooks/relatedLinks/relatedStore'
import { rankCandidates } from '../../src/related/candidates'
import { enterList, type ListLink, listChanges, planList } from '../../src/related/relatedList'

const reason = { sharedCategories: [], sharedTerms: ['flood'] }
const scored = (id: number, score: number) => ({ id, reason, score })
const link = (id: number, data: Partial<ListLink>): ListLink => ({
  excluded: false,
  id,
  origin: 'manual',
  pinned: false,
  position: null,
  score: null,
  to: undefined,
  ...data,
})

describe('planList', () => {
  it('puts pinned links first, then the best automatic ones, then the other editors’ links', () => {
    const links = [
      link(1, { position: 5, to: 40 }),
      link(2, { pinned: true, position: 3, to: 50 }),
      link(3, { excluded: true, position: 2, to: 60 }),
      link(4, { position: 1 }),
    ]
    const plan = planList(7, links, [scored(60, 0.9), scored(50, 0.8), scored(70, 0.7), scored(7, 0.6), scored(80, 0.5), scored(90, 0.4)], 2)
    // 60 is excluded, 50 is pinned by hand, 7 is the owner itself: the two best others are 70 and 80.
    expect(plan.auto.map((entry) => [entry.id, entry.position])).toEqual([
      [70, 2],
      [80, 3],
    ])
    expect(plan.moved).toEqual([
      { id: 2, position: 1 },
      { id: 4, position: 4 },
      // Link 1 keeps position 5.
      { id: 3, position: null },
    ])
  })

  it('moves nothing that is already in place', () => {
    const plan = planList(7, [link(1, { pinned: true, position: 1, to: 9 })], [scored(8, 0.5)], 10)
    expect(plan.moved).toEqual([])
    expect(plan.auto).toEqual([{ ...scored(8, 0.5), position: 2 }])
  })
})

describe('enterList', () => {
  it('lets a newcomer in when there is room or it beats the weakest, which then leaves', () => {
    expect(enterList([scored(1, 0.5)], scored(2, 0.1), 2)?.map((entry) => entry.id)).toEqual([1, 2])
    expect(enterList([scored(1, 0.5), scored(3, 0.2)], scored(2, 0.3), 2)?.map((entry) => entry.id)).toEqual([1, 2])
    expect(enterList([scored(1, 0.5), scored(3, 0.2)], scored(2, 0.1), 2)).toBeUndefined()
  })
})

describe('listChanges', () => {
  it('writes only the links that enter, leave or move', () => {
    const current = [
      link(11, { origin: 'auto', position: 1, score: 0.9, to: 1 }),
      link(12, { origin: 'auto', position: 2, score: 0.5, to: 2 }),
      link(13, { origin: 'auto', position: 3, score: 0.2, to: 3 }),
    ].map((l) => ({ ...l, reason }))
    const plan = { auto: [{ ...scored(1, 0.9), position: 1 }, { ...scored(4, 0.6), position: 2 }, { ...scored(2, 0.5), position: 3 }], moved: [] }
    const changes = listChanges(current, plan)
    expect(changes.add.map((entry) => entry.id)).toEqual([4])
    expect(changes.remove).toEqual([13])
    expect(changes.update).toEqual([{ id: 12, position: 3 }])
  })

  it('takes a stored reason whose keys come back in another order (PostgreSQL jsonb) as the same reason', () => {
    const stored = { sharedTerms: ['flood'], sharedCategories: [] } as typeof reason
    const current = [link(11, { origin: 'auto', position: 1, score: 0.9, to: 1 })].map((l) => ({ ...l, reason: stored }))
    const unchanged = listChanges(current, { auto: [{ ...scored(1, 0.9), position: 1 }], moved: [] })
    expect(unchanged).toEqual({ add: [], remove: [], update: [] })
    const otherTerms = listChanges(current, { auto: [{ ...scored(1, 0.9), position: 1, reason: { sharedCategories: [], sharedTerms: ['levee'] } }], moved: [] })
    expect(otherTerms.remove).toEqual([11])
  })
})

describe('rankCandidates', () => {
  it('ranks articles by the weight of the query terms they were found under', () => {
    const stats = { averageLength: 100, documentCount: 1000, documentFrequency: (term: string) => (term === 'rare' ? 2 : 500) }
    const query = [
      { term: 'rare', weight: 1 },
      { term: 'common', weight: 1 },
    ]
    const found = [
      { article: 'a', term: 'common', weight: 2 },
      { article: 'b', term: 'rare', weight: 1 },
      { article: 'a', term: 'rare', weight: 1 },
    ]
    expect(rankCandidates(query, found, stats)).toEqual(['a', 'b'])
    expect(rankCandidates(query, found, stats, 1)).toEqual(['a'])
  })
})

describe('packed term vectors', () => {
  it('round-trip', () => {
    const terms = new Map([
      ['flood', 3],
      ['levee', 1.5],
    ])
    expect(unpackTerms(packTerms(terms))).toEqual(terms)
    expect(unpackTerms('')).toEqual(new Map())
  })
})
