/**
 * Waits until every promise has settled or `ms` have passed, whichever comes first: shutdown
 * work that must not hold the process past its deadline.
 */
export async function settleWithin(promises: Iterable<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([Promise.allSettled(promises), new Promise((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}
