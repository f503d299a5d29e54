import { expect, it } from 'vitest'

import { days, hours, percentOfGoal, windows } from '../../collections/petitions/progress/signaturesOverTime'

const now = new Date('2026-11-30T10:30:00Z')
const iso = (list: { end: Date; start: Date }[]) => list.map(({ end, start }) => [start.toISOString(), end.toISOString()])

it('gives UTC days, oldest first, the last one holding now, each ending where the next starts', () => {
  expect(iso(days(now, 3))).toEqual([
    ['2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
  ])
})

it('gives whole hours the same way, and as many windows as asked', () => {
  expect(iso(hours(now, 2))).toEqual([
    ['2026-11-30T09:00:00.000Z', '2026-11-30T10:00:00.000Z'],
    ['2026-11-30T10:00:00.000Z', '2026-11-30T11:00:00.000Z'],
  ])
  expect(windows({ now, sizeMs: 1000, slots: 4 })).toHaveLength(4)
})

it('gives the share of the goal in whole percent, capped at 100', () => {
  expect(percentOfGoal(250, 1000)).toBe(25)
  expect(percentOfGoal(1999, 1000)).toBe(100)
  expect(percentOfGoal(5, null)).toBeNull()
  expect(percentOfGoal(5, 0)).toBeNull()
})
