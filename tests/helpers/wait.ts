/** Waiting in tests: for time to pass, or for something to become true. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Polls `check` (sync or async) until it gives a truthy value and returns that value; throws
 * after `ms`. Used with a `waitFor` name where the value is the point.
 */
export async function until<T>(check: () => Promise<T> | T, ms = 15_000): Promise<Exclude<T, '' | 0 | false | null | undefined>> {
  const end = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value as Exclude<T, '' | 0 | false | null | undefined>
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting`)
    await sleep(100)
  }
}
