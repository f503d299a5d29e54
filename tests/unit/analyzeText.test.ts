import { describe, expect, it } from 'vitest'

import { analyzeText, termFrequencies } from '../../src/related/analyzeText'

describe('analyzeText', () => {
  it('drops stop words and punctuation, lower-cases and stems', () => {
    expect(analyzeText('The sanctions were sanctioned, and the sanctioning continues!')).toEqual([
      'sanction',
      'sanction',
      'sanction',
      'continu',
    ])
  })

  it('keeps years, drops short numbers and possessive endings', () => {
    expect(analyzeText("NATO's summit in 2025 had 3 sessions")).toEqual(['nato', 'summit', '2025', 'session'])
  })

  it('splits on dashes and curly quotes; acronyms lose their dots (U.S. → us)', () => {
    expect(analyzeText('U.S.–Russia “talks” resume; E.U. reacts')).toEqual(['us', 'russia', 'talk', 'resum', 'eu', 'react'])
  })
})

describe('termFrequencies', () => {
  it('counts terms with field boosts', () => {
    const frequencies = termFrequencies([
      { boost: 3, text: 'Ukraine security' },
      { boost: 1, text: 'security guarantee for Ukraine' },
    ])
    expect(Object.fromEntries(frequencies)).toEqual({ guarante: 1, secur: 4, ukrain: 4 })
  })
})
