/**
 * The time windows of the petition's progress charts (per day, per hour): plain functions, so
 * the windows (UTC, oldest first, ending with the one holding `now`) are tested alone. The
 * counts in them are the database's (./readProgress).
 */
export type Bucket = { count: number; start: string }
export type Window = { end: Date; start: Date }

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** `slots` consecutive windows of `sizeMs`, the last one holding `now`; each ends where the next starts. */
export function windows({ now, sizeMs, slots }: { now: Date; sizeMs: number; slots: number }): Window[] {
  const lastStart = Math.floor(now.getTime() / sizeMs) * sizeMs
  const firstStart = lastStart - (slots - 1) * sizeMs
  return Array.from({ length: slots }, (_, index) => ({ end: new Date(firstStart + (index + 1) * sizeMs), start: new Date(firstStart + index * sizeMs) }))
}

export const days = (now: Date, count: number) => windows({ now, sizeMs: DAY_MS, slots: count })
export const hours = (now: Date, count: number) => windows({ now, sizeMs: HOUR_MS, slots: count })

/** Share of the goal reached, 0–100 (whole percent); null when the petition has no goal. */
export function percentOfGoal(count: number, goal: null | number | undefined): null | number {
  if (!goal || goal <= 0) return null
  return Math.min(100, Math.floor((Math.max(0, count) / goal) * 100))
}
