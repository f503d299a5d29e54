/**
 * Where Payload's secret comes from. A new user of the embedded SQLite default needs none:
 * one is generated once and kept in the data directory (DATA_DIR, default data/), so logins survive restarts (whatever NODE_ENV is,
 * since `npm start` serves a production build). A production server database has no such
 * fallback: its secret must be given, or the process refuses to start.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { dataDir, databaseKind } from './database/index'

export function payloadSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PAYLOAD_SECRET) return env.PAYLOAD_SECRET
  if (databaseKind(env.DATABASE_URI) !== 'sqlite' && env.NODE_ENV === 'production') {
    throw new Error(
      'PAYLOAD_SECRET is not set. With a server database (DATABASE_URI) in production Broadside ' +
        'will not make one up: set PAYLOAD_SECRET to a long random string (e.g. `openssl rand -hex 32`).',
    )
  }
  return readOrCreateSecret(path.join(dataDir(env), 'payload-secret'))
}

function readOrCreateSecret(file: string): string {
  try {
    const existing = readFileSync(file, 'utf8').trim()
    if (existing) return existing
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(path.dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('hex')
  try {
    // 'wx' fails when another process wrote the file first; then theirs is the secret.
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 })
    return secret
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw error
  }
}
