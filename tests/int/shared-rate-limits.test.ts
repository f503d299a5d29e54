// The shared rate limiters count every attempt exactly, however many arrive at once: on
// PostgreSQL the attempts of one turn of the event loop go to the store as one statement, and
// each must still be answered with the count as it stood after it. Runs on every database.
import type { Payload } from 'payload'

import { RateLimiterRes } from 'rate-limiter-flexible'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { overLimit, sharedRateLimiter } from '../../src/rateLimits/sharedRateLimiter'
import { testEngine } from '../helpers/testDatabase'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

let local: TestPayload
let payload: Payload

beforeAll(async () => {
  local = await startTestPayload()
  payload = local.payload
})
afterAll(async () => {
  await local?.close()
})

describe('shared rate limiters', () => {
  it('built at once on a fresh database, each counts at once (one creates the store, the others wait for it)', async () => {
    // CI saw the admin's first login answer 500 on PostgreSQL: limiters built together each ran
    // CREATE TABLE IF NOT EXISTS, and one counted before the table it lost the race to existed.
    const fresh = await startTestPayload()
    try {
      const limiters = await Promise.all(Array.from({ length: 6 }, (_, n) => sharedRateLimiter(fresh.payload, { durationSeconds: 60, keyPrefix: `fresh-${n}`, points: 2 })))
      const waits = await Promise.all(limiters.map((limiter) => overLimit(limiter, 'first-key')))
      expect(waits).toEqual(limiters.map(() => undefined))
    } finally {
      await fresh.close()
    }
  })

  it('let exactly the first `points` of a burst on one key through, in the order asked, each told what is left', async () => {
    const limiter = await sharedRateLimiter(payload, { durationSeconds: 60, keyPrefix: 'test-burst', points: 3 })
    const settled = await Promise.allSettled(Array.from({ length: 10 }, () => limiter.consume('one-key')))
    const count = (answer: PromiseSettledResult<RateLimiterRes>) => (answer.status === 'fulfilled' ? answer.value : (answer.reason as RateLimiterRes)).consumedPoints
    // SQL counts a burst in the order asked (one statement per turn); MongoDB's driver may send its
    // upserts over several pooled connections and have them run in another order: there the
    // answers are compared in the order they were counted.
    const answers = testEngine() === 'mongodb' ? [...settled].sort((a, b) => count(a) - count(b)) : settled
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', ...Array(7).fill('rejected')])
    expect(answers.map(count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(answers.slice(0, 3).map((answer) => (answer as PromiseFulfilledResult<RateLimiterRes>).value.remainingPoints)).toEqual([2, 1, 0])
    for (const answer of answers.slice(3)) expect((answer as PromiseRejectedResult).reason.msBeforeNext).toBeGreaterThan(50_000)
    // The next burst starts from the stored count.
    expect(await overLimit(limiter, 'one-key')).toBeGreaterThan(0)
  })

  it('count keys of one burst apart, and weighted attempts by their points', async () => {
    const limiter = await sharedRateLimiter(payload, { durationSeconds: 60, keyPrefix: 'test-keys', points: 4 })
    const keys = Array.from({ length: 40 }, (_, at) => `key-${at % 20}`)
    const answers = await Promise.all(keys.map((key) => limiter.consume(key)))
    // Each key was asked twice: one answer counts 1, the other 2; on SQL the first is the 1 (one
    // statement per turn, in the order asked), while MongoDB's driver may send a key's two upserts
    // over two pooled connections and have them run either way round.
    const counts = answers.map((answer) => answer.consumedPoints)
    expect(counts.slice(0, 20).map((first, at) => [first, counts[at + 20]].sort())).toEqual(Array(20).fill([1, 2]))
    if (testEngine() !== 'mongodb') expect(counts).toEqual([...Array(20).fill(1), ...Array(20).fill(2)])
    const weighted = await Promise.allSettled([limiter.consume('heavy', 3), limiter.consume('heavy', 1), limiter.consume('heavy', 1)])
    const statuses = weighted.map((answer) => answer.status)
    // 3 + 1 fit in 4 points, a further 1 does not; in whichever order MongoDB counts them, two fit.
    expect(testEngine() === 'mongodb' ? statuses.sort() : statuses).toEqual(['fulfilled', 'fulfilled', 'rejected'])
  })

  it('start a key afresh once its window has passed', async () => {
    const limiter = await sharedRateLimiter(payload, { durationSeconds: 1, keyPrefix: 'test-window', points: 1 })
    await limiter.consume('k')
    await expect(limiter.consume('k')).rejects.toBeInstanceOf(RateLimiterRes)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const [again, over] = await Promise.allSettled([limiter.consume('k'), limiter.consume('k')])
    expect(again.status).toBe('fulfilled')
    expect((again as PromiseFulfilledResult<RateLimiterRes>).value.consumedPoints).toBe(1)
    expect((again as PromiseFulfilledResult<RateLimiterRes>).value.isFirstInDuration).toBe(true)
    expect(over.status).toBe('rejected')
  })
})
