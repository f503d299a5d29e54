/**
 * When a failed delivery is tried again: soon at first (the first retry within 10 s), then
 * exponentially further apart with jitter, so receivers that fail together do not retry
 * together; a receiver's Retry-After wins when it asks for longer. After about a day of
 * failures the delivery is dead.
 */
export const FIRST_RETRY_MS = 5_000
export const MAX_DELAY_MS = 2 * 60 * 60 * 1000
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000

/**
 * The wait before attempt number `attempt + 1` (attempt 1 has just failed), or `undefined`
 * when the delivery should be given up. `random` is injectable for tests.
 */
export function nextRetryDelay(
  { attempt, firstAttemptAt, now, retryAfterMs }: { attempt: number; firstAttemptAt: number; now: number; retryAfterMs?: number },
  random: () => number = Math.random,
): number | undefined {
  const exponential = Math.min(MAX_DELAY_MS, FIRST_RETRY_MS * 3 ** (attempt - 1))
  // Full jitter within the upper half: never less than half the exponential step.
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2))
  const delay = Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_DELAY_MS))
  if (now + delay - firstAttemptAt > GIVE_UP_AFTER_MS) return undefined
  return delay
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: null | string | undefined, now: number): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
