/**
 * Flood limits for the public signing endpoint: per address (default 10 a minute) and per
 * signer email (default 3 an hour), set with SIGN_RATE_PER_IP and SIGN_RATE_PER_EMAIL.
 * Counters live where every server process on the same database sees them, in
 * rate-limiter-flexible's own stores: a table in PostgreSQL, a collection in MongoDB, and for
 * SQLite a small database file beside the main one (its writes never wait on Payload's
 * transactions, which matters because SQLite connections block while they wait).
 */
import type { Payload } from 'payload'

import Database from 'libsql'
import { type RateLimiterAbstract, RateLimiterMongo, RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible'

import { positiveIntegerFromEnv } from '../../src/utilities/envNumber'

export type SigningLimiters = { email: RateLimiterAbstract; ip: RateLimiterAbstract }

const TABLE = 'signing_rate_limits'

/** The SQLite file the counters live in: beside the main database file. */
function sqliteLimitsFile(payload: Payload): string {
  const url = String((payload.db as unknown as { clientConfig?: { url?: string } }).clientConfig?.url ?? '')
  const file = url.replace(/^file:/, '')
  if (!file || file === ':memory:') return ':memory:'
  return `${file}.limits`
}

function openSqliteLimits(payload: Payload) {
  const db = new Database(sqliteLimitsFile(payload))
  db.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 2000;')
  return db
}

async function limiter(payload: Payload, keyPrefix: string, points: number, duration: number): Promise<RateLimiterAbstract> {
  const common = { duration, keyPrefix, points }
  return new Promise((resolve, reject) => {
    const ready = (error?: unknown) => (error ? reject(error) : resolve(created))
    let created: RateLimiterAbstract
    switch (payload.db.name) {
      case 'postgres':
        created = new RateLimiterPostgres(
          { ...common, storeClient: (payload.db as unknown as { pool: unknown }).pool, storeType: 'pool', tableName: TABLE },
          ready,
        )
        break
      case 'mongoose':
        created = new RateLimiterMongo({ ...common, storeClient: (payload.db as unknown as { connection: unknown }).connection, tableName: TABLE })
        resolve(created)
        break
      default:
        created = new RateLimiterSQLite({ ...common, storeClient: openSqliteLimits(payload), storeType: 'better-sqlite3', tableName: TABLE }, ready)
    }
  })
}

const byPayload = new WeakMap<Payload, Promise<SigningLimiters>>()

export function signingLimiters(payload: Payload): Promise<SigningLimiters> {
  let limiters = byPayload.get(payload)
  if (!limiters) {
    limiters = (async () => ({
      email: await limiter(payload, 'sign-email', positiveIntegerFromEnv('SIGN_RATE_PER_EMAIL', 3), 60 * 60),
      ip: await limiter(payload, 'sign-ip', positiveIntegerFromEnv('SIGN_RATE_PER_IP', 10), 60),
    }))()
    byPayload.set(payload, limiters)
  }
  return limiters
}

/** Counts one attempt; returns the seconds to wait when over the limit. */
export async function overLimit(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key)
    return undefined
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
    throw rejection
  }
}
