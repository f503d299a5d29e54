/**
 * Signatures counted per day and per hour, for the petition's progress panel: plain functions
 * over signing times, so the buckets (UTC, oldest first, empty ones kept) are tested alone.
 */
export type Bucket = { count: number; start: string }

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** `slots` consecutive buckets of `sizeMs` ending with the one holding `now`, each with its count. */
export function countInBuckets(signedAt: (Date | string)[], { now, sizeMs, slots }: { now: Date; sizeMs: number; slots: number }): Bucket[] {
  const lastStart = Math.floor(now.getTime() / sizeMs) * sizeMs
  const firstStart = lastStart - (slots - 1) * sizeMs
  const counts = new Array<number>(slots).fill(0)
  for (const value of signedAt) {
    const time = new Date(value).getTime()
    if (Number.isNaN(time) || time < firstStart || time >= lastStart + sizeMs) continue
    counts[Math.floor((time - firstStart) / sizeMs)]! += 1
  }
  return counts.map((count, index) => ({ count, start: new Date(firstStart + index * sizeMs).toISOString() }))
}

export const perDay = (signedAt: (Date | string)[], now: Date, days: number) => countInBuckets(signedAt, { now, sizeMs: DAY_MS, slots: days })
export const perHour = (signedAt: (Date | string)[], now: Date, hours: number) => countInBuckets(signedAt, { now, sizeMs: HOUR_MS, slots: hours })

/** Share of the goal reached, 0–100 (whole percent); null when the petition has no goal. */
export function percentOfGoal(count: number, goal: null | number | undefined): null | number {
  if (!goal || goal <= 0) return null
  return Math.min(100, Math.floor((Math.max(0, count) / goal) * 100))
}
