import { expect, it } from 'vitest'

import { countInBuckets, percentOfGoal, perDay, perHour } from '../../collections/petitions/progress/signaturesOverTime'

const now = new Date('2026-11-30T10:30:00Z')

it('counts signatures per UTC day, oldest first, keeping empty days', () => {
  const days = perDay(['2026-11-30T00:00:00Z', '2026-11-30T09:00:00Z', '2026-11-28T23:59:59Z', '2026-11-20T12:00:00Z'], now, 3)
  expect(days).toEqual([
    { count: 1, start: '2026-11-28T00:00:00.000Z' },
    { count: 0, start: '2026-11-29T00:00:00.000Z' },
    { count: 2, start: '2026-11-30T00:00:00.000Z' },
  ])
})

it('counts per hour and leaves out times outside the window', () => {
  const hours = perHour(['2026-11-30T10:05:00Z', '2026-11-30T09:59:59Z', '2026-11-30T11:00:00Z', 'not a date'], now, 2)
  expect(hours.map((hour) => hour.count)).toEqual([1, 1])
  expect(countInBuckets([], { now, sizeMs: 1000, slots: 4 })).toHaveLength(4)
})

it('gives the share of the goal in whole percent, capped at 100', () => {
  expect(percentOfGoal(250, 1000)).toBe(25)
  expect(percentOfGoal(1999, 1000)).toBe(100)
  expect(percentOfGoal(5, null)).toBeNull()
  expect(percentOfGoal(5, 0)).toBeNull()
})
