// The conditional updates behind MongoDB's claims and merges, checked as documents (a real
// server's atomicity is tested in tests/int/mongodb-atomic.test.ts on TEST_DATABASE=mongodb).
import { describe, expect, it } from 'vitest'

import { mongoMerge } from '../../hooks/contentEvents/queueDeliveries'
import { LEASE_MS, LOCK_ID, lockClaim, lockRelease } from '../../hooks/relatedLinks/mongoIndexLock'
import { isTransientTransactionError, retryTransient } from '../../src/database/retryTransient'

describe('related index lock', () => {
  it('is claimed only when free, lapsed or already ours, for one lease', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const { filter, update } = lockClaim('me', now)
    expect(filter).toEqual({ _id: LOCK_ID, $or: [{ holder: 'me' }, { holder: null }, { until: { $lte: now } }] })
    expect(update.$set.holder).toBe('me')
    expect(update.$set.until.getTime() - now.getTime()).toBe(LEASE_MS)
  })

  it('is released only by its holder', () => {
    expect(lockRelease('me').filter).toEqual({ _id: LOCK_ID, holder: 'me' })
  })
})

describe('webhook merge', () => {
  it('applies only to a pending delivery still gathering, and appends', () => {
    const now = Date.parse('2026-01-01T00:10:00Z')
    const items = [{ collection: 'articles', id: 1, slug: 'a', type: 'article.published' as const }]
    const { filter, update } = mongoMerge('d1', items, new Date(now + 5_000), now)
    expect(filter._id).toBe('d1')
    expect(filter.status).toBe('pending')
    expect(filter.firstChangeAt.$gt.getTime()).toBeLessThan(now)
    expect(update.$push.items.$each).toEqual(items)
    expect(update.$addToSet.eventTypes.$each).toEqual(['article.published'])
    expect(update.$set.sendAt.getTime()).toBe(now + 5_000)
  })
})

describe('transient transaction errors', () => {
  it('recognises the label and WriteConflict, nothing else', () => {
    expect(isTransientTransactionError({ errorLabels: ['TransientTransactionError'] })).toBe(true)
    expect(isTransientTransactionError({ hasErrorLabel: (label: string) => label === 'TransientTransactionError' })).toBe(true)
    expect(isTransientTransactionError({ code: 112 })).toBe(true)
    expect(isTransientTransactionError({ code: 11000 })).toBe(false)
    expect(isTransientTransactionError(new Error('boom'))).toBe(false)
  })

  it('runs again after a transient error, and gives up after the attempts', async () => {
    let runs = 0
    const result = await retryTransient(async () => {
      runs++
      if (runs < 3) throw Object.assign(new Error('conflict'), { code: 112 })
      return 'done'
    })
    expect([result, runs]).toEqual(['done', 3])
    let failing = 0
    await expect(
      retryTransient(
        async () => {
          failing++
          throw Object.assign(new Error('conflict'), { errorLabels: ['TransientTransactionError'] })
        },
        { attempts: 2 },
      ),
    ).rejects.toThrow('conflict')
    expect(failing).toBe(2)
  })

  it('does not run again after other errors', async () => {
    let runs = 0
    await expect(retryTransient(async () => { runs++; throw new Error('bad input') })).rejects.toThrow('bad input')
    expect(runs).toBe(1)
  })
})
