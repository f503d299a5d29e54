// The petition progress panel's numbers: signatures counted per day and per hour by the
// database (through the (petition, createdAt) index), in the right windows, for a role that may
// read signatures; none for one that may not.
import type { Payload } from 'payload'

import { createLocalReq } from 'payload'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { readPetitionProgress } from '../../collections/petitions/progress/readProgress'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'

let test: TestPayload
let payload: Payload
let petition: number | string
const now = new Date('2026-11-30T10:30:00Z')

beforeAll(async () => {
  test = await startTestPayload()
  payload = test.payload
  petition = (await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 40, title: 'Keep the ferry running' } })).id
  const other = (await payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Another one' } })).id
  const signedAt = [
    '2026-11-30T10:05:00Z', // this hour
    '2026-11-30T10:29:59Z', // this hour
    '2026-11-30T09:59:59Z', // the hour before
    '2026-11-29T23:00:00Z', // yesterday
    '2026-11-10T12:00:00Z', // before the 14 days
  ]
  for (const [index, at] of signedAt.entries()) {
    const { id } = await payload.create({ collection: 'signatures', data: { email: `s${index}@example.org`, petition } })
    await payload.db.updateOne({ collection: 'signatures', data: { createdAt: at }, id })
  }
  // Another petition's signature in the same hour counts for it, not here.
  const { id } = await payload.create({ collection: 'signatures', data: { email: 'elsewhere@example.org', petition: other } })
  await payload.db.updateOne({ collection: 'signatures', data: { createdAt: '2026-11-30T10:10:00Z' }, id })
})
afterAll(async () => {
  await test?.close()
})

async function asRole(role: 'admin' | 'author') {
  const user = await payload.create({ collection: 'users', data: { email: `${role}-${Date.now()}@example.org`, name: role, password: 'a long enough password', roles: [role] } })
  return createLocalReq({ user: { ...user, collection: 'users' } as never }, payload)
}

it('counts per UTC day and per hour in the database, for a role that may read signatures', async () => {
  const progress = await readPetitionProgress(await asRole('admin'), petition, now)
  expect(progress?.signatureCount).toBe(5)
  expect(progress?.goal).toBe(40)
  const perDay = progress!.timeline!.perDay
  expect(perDay).toHaveLength(14)
  expect(perDay.at(-1)).toEqual({ count: 3, start: '2026-11-30T00:00:00.000Z' })
  expect(perDay.at(-2)).toEqual({ count: 1, start: '2026-11-29T00:00:00.000Z' })
  expect(perDay.reduce((sum, day) => sum + day.count, 0)).toBe(4)
  const perHour = progress!.timeline!.perHour
  expect(perHour).toHaveLength(48)
  expect(perHour.at(-1)).toEqual({ count: 2, start: '2026-11-30T10:00:00.000Z' })
  expect(perHour.at(-2)).toEqual({ count: 1, start: '2026-11-30T09:00:00.000Z' })
  expect(perHour.reduce((sum, hour) => sum + hour.count, 0)).toBe(4)
})

it('gives a role that may not read signatures the count and goal, without the timeline', async () => {
  const progress = await readPetitionProgress(await asRole('author'), petition, now)
  expect(progress).toEqual({ goal: 40, signatureCount: 5 })
})
