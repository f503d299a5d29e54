/**
 * MongoDB aborts a transaction that meets another's uncommitted write (WriteConflict) and labels
 * the error TransientTransactionError: the whole transaction may simply run again. This runs a
 * transaction-shaped function again on such errors, a few times with a short random pause, so
 * two writers of the same counter both commit instead of one failing.
 */

const WRITE_CONFLICT = 112

type DriverError = { code?: number; codeName?: string; errorLabels?: string[]; hasErrorLabel?: (label: string) => boolean }

export function isTransientTransactionError(error: unknown): boolean {
  const e = error as DriverError | null | undefined
  if (!e || typeof e !== 'object') return false
  if (typeof e.hasErrorLabel === 'function' && e.hasErrorLabel('TransientTransactionError')) return true
  if (Array.isArray(e.errorLabels) && e.errorLabels.includes('TransientTransactionError')) return true
  return e.code === WRITE_CONFLICT || e.codeName === 'WriteConflict'
}

export type RetryOptions = {
  /** Runs in all, the first included. @default 5 */
  attempts?: number
  /** Errors besides transient ones that also mean "run it again". @default none */
  alsoRetry?: (error: unknown) => boolean
}

export async function retryTransient<T>(run: () => Promise<T>, { alsoRetry, attempts = 5 }: RetryOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      const retryable = isTransientTransactionError(error) || Boolean(alsoRetry?.(error))
      if (!retryable || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt))
    }
  }
}
