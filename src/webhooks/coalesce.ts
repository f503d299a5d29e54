/**
 * The coalescing window of one endpoint: a debounce that restarts with each change and never
 * holds a delivery more than a minute after the first change it carries.
 */
export const MAX_HOLD_MS = 60_000

export function sendAt({ coalesceSeconds, firstChangeAt, now }: { coalesceSeconds: number; firstChangeAt: number; now: number }): number {
  return Math.min(now + Math.max(0, coalesceSeconds) * 1000, firstChangeAt + MAX_HOLD_MS)
}
