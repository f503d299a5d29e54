// MongoDB's atomic operations our code relies on, with concurrent callers, on the server
// `npm run test:mongodb` runs against (the emulator in CI). Other engines skip this file.
import { MongoClient, ObjectId } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { LockDocument } from '../../hooks/relatedLinks/mongoIndexLock'

import { acquireIndexLock, LOCK_ID, releaseIndexLock } from '../../hooks/relatedLinks/mongoIndexLock'
import { createTestDatabase, type TestDatabase, testEngine } from '../helpers/testDatabase'

describe.runIf(testEngine() === 'mongodb')('MongoDB atomic operations under concurrent callers', () => {
  let database: TestDatabase
  let client: MongoClient

  beforeAll(async () => {
    database = await createTestDatabase()
    client = await new MongoClient(database.uri).connect()
  })
  afterAll(async () => {
    await client?.close()
    await database?.drop()
  })

  it('the related index lock lets one holder in at a time', async () => {
    const locks = client.db().collection<LockDocument>('locks')
    let inside = 0
    let mostInside = 0
    let turns = 0
    await Promise.all(
      Array.from({ length: 12 }, async (_, n) => {
        const holder = `caller-${n}`
        await acquireIndexLock(locks, holder)
        inside++
        mostInside = Math.max(mostInside, inside)
        await new Promise((resolve) => setTimeout(resolve, 5))
        turns++
        inside--
        await releaseIndexLock(locks, holder)
      }),
    )
    expect(turns).toBe(12)
    expect(mostInside).toBe(1)
    expect(await locks.findOne({ _id: LOCK_ID })).toMatchObject({ holder: null })
  })

  it('a lapsed lease can be taken over; the old holder then cannot release it', async () => {
    const locks = client.db().collection<LockDocument>('lapsed')
    await locks.insertOne({ _id: LOCK_ID, holder: 'crashed', until: new Date(Date.now() - 1) })
    await acquireIndexLock(locks, 'next')
    await releaseIndexLock(locks, 'crashed')
    expect(await locks.findOne({ _id: LOCK_ID })).toMatchObject({ holder: 'next' })
  })

  it('a conditional findOneAndUpdate claim has exactly one winner among 20', async () => {
    const jobs = client.db().collection<{ _id: ObjectId; status: string }>('claims')
    const delivery = new ObjectId()
    await jobs.insertOne({ _id: delivery, status: 'pending' })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => jobs.findOneAndUpdate({ _id: delivery, status: 'pending' }, { $set: { status: 'sending' } })),
    )
    expect(results.filter((result) => result !== null)).toHaveLength(1)
  })

  it('$inc counts every one of 50 concurrent increments', async () => {
    const counters = client.db().collection<{ n: number }>('counters')
    const { insertedId } = await counters.insertOne({ n: 0 })
    await Promise.all(Array.from({ length: 50 }, () => counters.updateOne({ _id: insertedId }, { $inc: { n: 1 } })))
    expect((await counters.findOne({ _id: insertedId }))?.n).toBe(50)
  })
})
