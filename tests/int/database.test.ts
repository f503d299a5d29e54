// The database layer: DATABASE_URI parsing, secrets, transactions that roll back, and many
// concurrent writers — in one process and across two — that all succeed.
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { databaseAdapter, databaseKind } from '../../src/database/index'
import { payloadSecret } from '../../src/secret'
import { json, login } from '../helpers/http'
import { skipOnEmulator } from '../helpers/mongoEmulator'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer } from '../helpers/testServer'
import { sleep } from '../helpers/wait'

describe('DATABASE_URI', () => {
  it.each([
    [undefined, 'sqlite'],
    ['', 'sqlite'],
    ['file:./somewhere/else.db', 'sqlite'],
    ['postgres://u@127.0.0.1/db', 'postgres'],
    ['postgresql://u@127.0.0.1/db', 'postgres'],
    ['mongodb://127.0.0.1/db', 'mongodb'],
    ['mongodb+srv://cluster.example.com/db', 'mongodb'],
  ])('%s → %s', (uri, kind) => {
    expect(databaseKind(uri)).toBe(kind)
  })

  it('names the accepted schemes for anything else, without echoing credentials', () => {
    expect(() => databaseKind('mysql://root:hunter2@db/x')).toThrow(
      /mysql:.*file:, postgres:\/\/, postgresql:\/\/, mongodb:\/\/, mongodb\+srv:\/\//,
    )
    expect(() => databaseKind('mysql://root:hunter2@db/x')).not.toThrow(/hunter2/)
  })
})

describe('PAYLOAD_SECRET', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-secret-'))
  afterAll(() => rmSync(dataDir, { force: true, recursive: true }))

  it('is generated once for the embedded default and kept in the data directory', () => {
    const env = { DATA_DIR: dataDir, NODE_ENV: 'production' } as const
    const first = payloadSecret(env)
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(path.join(dataDir, 'payload-secret'), 'utf8').trim()).toBe(first)
    expect(payloadSecret(env)).toBe(first)
  })

  it('is required for a server database in production', () => {
    expect(() => payloadSecret({ DATABASE_URI: 'postgres://127.0.0.1/x', NODE_ENV: 'production' })).toThrow(
      /PAYLOAD_SECRET is not set/,
    )
    expect(payloadSecret({ DATABASE_URI: 'postgres://127.0.0.1/x', NODE_ENV: 'production', PAYLOAD_SECRET: 's' })).toBe('s')
  })
})

describe('transactions', () => {
  let test: TestPayload
  beforeAll(async () => {
    test = await startTestPayload()
  })
  afterAll(async () => {
    await test?.close()
  })

  const categoryCount = async () => (await test.payload.count({ collection: 'categories' })).totalDocs

  it('roll back: a failed unit of work leaves nothing behind', async (context) => {
    skipOnEmulator(context, 'it accepts abortTransaction but rolls nothing back')
    const before = await categoryCount()
    const req = await createLocalReq({}, test.payload)
    await initTransaction(req)
    await test.payload.create({ collection: 'categories', data: { name: 'Rolled back' }, req })
    await killTransaction(req)
    expect(await categoryCount()).toBe(before)
  })

  it('let 20 concurrent writers, each holding its transaction across awaits, all succeed', async () => {
    const before = await categoryCount()
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, i) => {
        const req = await createLocalReq({}, test.payload)
        await initTransaction(req)
        await test.payload.create({ collection: 'categories', data: { name: `Writer ${i}` }, req })
        await sleep(10) // a hook doing other work mid-transaction
        await test.payload.find({ collection: 'categories', limit: 1, req })
        await commitTransaction(req)
      }),
    )
    expect(results.filter((result) => result.status === 'rejected')).toEqual([])
    expect(await categoryCount()).toBe(before + 20)
  })

  const onSqlite = !process.env.TEST_DATABASE || process.env.TEST_DATABASE === 'sqlite'

  it.runIf(onSqlite)('give every SQLite connection the busy timeout, transactions’ own included', async () => {
    const db = test.payload.db as unknown as SQLiteAdapter & { execute: (args: { db: unknown; raw: string }) => Promise<{ rows: unknown[] }> }
    const req = await createLocalReq({}, test.payload)
    await initTransaction(req)
    const inside = await db.execute({ db: db.sessions[await req.transactionID!]!.db, raw: 'PRAGMA busy_timeout' })
    const outside = await db.client.execute('PRAGMA busy_timeout')
    await commitTransaction(req)
    for (const { rows } of [inside, outside]) expect(Number(Object.values(rows[0] as object)[0])).toBe(10_000)
  })

  it.runIf(onSqlite && existsSync('/proc/self/fd'))('leave no connection open behind a transaction (no file descriptors pile up)', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length
    await test.payload.create({ collection: 'categories', data: { name: 'Warm-up' } })
    const before = openFiles()
    for (let i = 0; i < 200; i++) await test.payload.create({ collection: 'categories', data: { name: `Descriptor ${i}` } })
    // Each transaction used to leave its connection (the database file and its WAL) open.
    expect(openFiles() - before).toBeLessThan(10)
  })
})

describe('two processes writing one database', () => {
  it('both succeed with 20 concurrent writers each', async () => {
    const admin = { email: 'two-process-admin@example.com', password: 'two process password' }
    const server = await startTestServer({ env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } })
    const local = await startTestPayload({ database: server.database })
    try {
      const token = await login(server.url, admin.email, admin.password)
      const overHttp = Array.from({ length: 20 }, async (_, i) => {
        const response = await fetch(`${server.url}/api/categories`, {
          body: JSON.stringify({ name: `Over HTTP ${i}` }),
          headers: { authorization: `JWT ${token}`, 'content-type': 'application/json' },
          method: 'POST',
        })
        return { body: await json(response), status: response.status }
      })
      const inProcess = Array.from({ length: 20 }, (_, i) =>
        local.payload.create({ collection: 'categories', data: { name: `In process ${i}` } }),
      )
      const [http, localResults] = await Promise.all([Promise.all(overHttp), Promise.allSettled(inProcess)])
      expect(http.filter((result) => result.status !== 201)).toEqual([])
      expect(localResults.filter((result) => result.status === 'rejected')).toEqual([])
      expect((await local.payload.count({ collection: 'categories' })).totalDocs).toBe(40)
    } finally {
      await local.close()
      expect(await server.stop()).toBe(0)
    }
  })
})

describe('MongoDB by configuration', () => {
  // No MongoDB server runs on our machines: this checks the adapter choice without connecting;
  // the whole suite runs on MongoDB where MONGODB_URI is given (npm run test:mongodb).
  it('chooses the mongoose adapter for mongodb:// and mongodb+srv:// URIs', async () => {
    expect((await databaseAdapter({ uri: 'mongodb://127.0.0.1:27017/broadside' })).name).toBe('mongoose')
    expect((await databaseAdapter({ uri: 'mongodb+srv://cluster.example.com/broadside' })).name).toBe('mongoose')
  })
})
