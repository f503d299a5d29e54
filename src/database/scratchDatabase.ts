/**
 * A fresh, empty database for one test file or benchmark run, on the engine TEST_DATABASE
 * names: `sqlite` (default; a temp file), `postgres` (a new database on POSTGRES_URL) or
 * `mongodb` (a new database on MONGODB_URI). `drop()` removes it afterwards.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type ScratchDatabase = { drop: () => Promise<void>; engine: DatabaseEngine; uri: string }
export type DatabaseEngine = 'mongodb' | 'postgres' | 'sqlite'

export function engineFromEnv(): DatabaseEngine {
  const engine = process.env.TEST_DATABASE ?? 'sqlite'
  if (engine !== 'sqlite' && engine !== 'postgres' && engine !== 'mongodb') {
    throw new Error(`TEST_DATABASE must be sqlite, postgres or mongodb; got "${engine}".`)
  }
  return engine
}

export async function createScratchDatabase(engine: DatabaseEngine = engineFromEnv()): Promise<ScratchDatabase> {
  const name = `broadside_scratch_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  switch (engine) {
    case 'sqlite': {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'broadside-scratch-'))
      return {
        drop: async () => rmSync(dir, { force: true, recursive: true }),
        engine,
        uri: `file:${path.join(dir, 'test.db')}`,
      }
    }
    case 'postgres': {
      const { default: pg } = await import('pg')
      const serverUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
      const admin = new pg.Client({ connectionString: serverUrl })
      await admin.connect()
      await admin.query(`CREATE DATABASE "${name}"`)
      await admin.end()
      const uri = new URL(serverUrl)
      uri.pathname = `/${name}`
      return {
        drop: async () => {
          const client = new pg.Client({ connectionString: serverUrl })
          await client.connect()
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
          await client.end()
        },
        engine,
        uri: uri.toString(),
      }
    }
    case 'mongodb': {
      const base = process.env.MONGODB_URI
      if (!base) throw new Error('TEST_DATABASE=mongodb needs MONGODB_URI (a MongoDB server to create test databases on).')
      const { MongoClient } = await import('mongodb')
      const uri = new URL(base)
      uri.pathname = `/${name}`
      return {
        drop: async () => {
          const client = new MongoClient(uri.toString())
          await client.connect()
          await client.db(name).dropDatabase()
          await client.close()
        },
        engine,
        uri: uri.toString(),
      }
    }
  }
}
