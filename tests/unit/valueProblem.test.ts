// The per-type checks behind the storable-values plugin: what each field type must hold for
// every database to store it whole.
import { describe, expect, it } from 'vitest'

import { checkboxProblem, dateProblem, nulProblem, numberProblem, selectProblem, textProblem } from '../../src/validation/valueProblem'

describe('nulProblem', () => {
  it('finds a NUL in text, in JSON strings and keys at any depth, and nowhere else', () => {
    expect(nulProblem('nul\u0000byte')).toMatch(/NUL/)
    expect(nulProblem({ root: { children: [{ text: 'a\u0000' }] } })).toMatch(/NUL/)
    expect(nulProblem({ ['k\u0000']: 1 })).toMatch(/NUL/)
    expect(nulProblem(['fine', 'a\u0000b'])).toMatch(/NUL/)
    expect(nulProblem('fine, even with \\u0000 written out')).toBeUndefined()
    expect(nulProblem({ n: 1, ok: ['✓', null] })).toBeUndefined()
  })
})

describe('textProblem', () => {
  it('takes strings and numbers, never objects or lists, and no NUL', () => {
    expect(textProblem('fine')).toBeUndefined()
    expect(textProblem(42)).toBeUndefined()
    expect(textProblem({})).toBe('must be text, not {}.')
    expect(textProblem(['a', 'b'])).toBe('must be text, not ["a","b"].')
    expect(textProblem('a\u0000b')).toMatch(/NUL/)
  })
})

describe('numberProblem', () => {
  it('takes finite numbers only', () => {
    for (const good of [0, -1.5, 1e300]) expect(numberProblem(good)).toBeUndefined()
    expect(numberProblem(Infinity)).toBe('must be a finite number, not Infinity.')
    expect(numberProblem(Number.NaN)).toBe('must be a finite number, not a value that is not a number.')
    expect(numberProblem('5')).toMatch(/finite number/)
  })
})

describe('dateProblem', () => {
  it('takes dates from year 1 to 9999, as text or Date', () => {
    expect(dateProblem('2026-01-31T12:00:00Z')).toBeUndefined()
    expect(dateProblem(new Date('0001-01-01T00:00:00Z'))).toBeUndefined()
    expect(dateProblem('notadate')).toMatch(/"notadate" is not a date/)
    expect(dateProblem('1e400')).toMatch(/is not a date/)
    expect(dateProblem({})).toMatch(/\{\} is not a date/)
    expect(dateProblem(1_700_000_000_000)).toMatch(/is not a date/)
    expect(dateProblem('-271821-04-20T00:00:00.000Z')).toMatch(/out of range/)
    expect(dateProblem('+010000-01-01T00:00:00.000Z')).toMatch(/out of range/)
  })
})

describe('checkboxProblem and selectProblem', () => {
  it('take booleans, and listed options', () => {
    expect(checkboxProblem(false)).toBeUndefined()
    expect(checkboxProblem('yes')).toBe('must be true or false, not "yes".')
    expect(selectProblem('open', ['open', 'closed'])).toBeUndefined()
    expect(selectProblem('bogus', ['open', 'closed'])).toBe('"bogus" is not one of open, closed.')
  })
})
