/**
 * Rate limiters whose counts every server process on the same database shares (signing floods,
 * login attempts). They live in rate-limiter-flexible's own stores: a table in PostgreSQL, a
 * collection in MongoDB, and for SQLite a small database file beside the main one (its writes
 * never wait on Payload's transactions, which matters because SQLite connections block while
 * they wait).
 */
import type { Payload } from 'payload'

import Database from 'libsql'
import ipaddr from 'ipaddr.js'
import { createHmac } from 'node:crypto'
import { type RateLimiterAbstract, RateLimiterMongo, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible'

import { BatchedRateLimiterPostgres } from './batchedPostgresLimiter'

export type SharedLimit = {
  /** Seconds in one counting window. */
  durationSeconds: number
  /** Tells this limit's counts from the others' in the shared store. */
  keyPrefix: string
  /** Attempts allowed per key and window. */
  points: number
}

// The name predates the login limits; keeping it keeps counts (and operators' queries) working.
const TABLE = 'signing_rate_limits'

type SqliteConnection = InstanceType<typeof Database>

type PgClient = { query: (text: string, values?: unknown[]) => Promise<unknown>; release: () => void }
type PgPool = { connect: () => Promise<PgClient>; end: () => Promise<void>; on: (event: 'error', listener: () => void) => void; options: Record<string, unknown> }
const postgresPools = new WeakMap<Payload, PgPool>()

/**
 * A small pool of its own for the counts on PostgreSQL, whose sessions commit without waiting
 * for the WAL flush (`synchronous_commit=off`: a crash of the database server may forget the
 * last few counts, never a server process's crash). On Payload's pool every attempt waited for
 * an fsync, twice per signature, and took a connection Payload's writes were waiting for. Built
 * with the adapter's own pg Pool class, so its version is the adapter's.
 */
function postgresLimitsPool(payload: Payload): PgPool {
  let pool = postgresPools.get(payload)
  if (!pool) {
    const adapterPool = (payload.db as unknown as { pool: PgPool }).pool
    const Pool = adapterPool.constructor as new (options: Record<string, unknown>) => PgPool
    pool = new Pool({ ...adapterPool.options, allowExitOnIdle: true, max: 8, options: '-c synchronous_commit=off' })
    // A dropped test database ends these connections; nothing waits on them then.
    pool.on('error', () => {})
    postgresPools.set(payload, pool)
  }
  return pool
}

/** Any constant: the advisory lock under which one process at a time creates the counts' table. */
const TABLE_LOCK = 7_201_915
const postgresTables = new WeakMap<Payload, Promise<void>>()

/**
 * The counts' table, created once before any limiter uses it. Each rate-limiter-flexible store
 * runs `CREATE TABLE IF NOT EXISTS` as it is built, and PostgreSQL does not make that safe under
 * concurrency: when two limiters were built at once (a login's two, beside the confirmation
 * sender's), the loser took the duplicate-key error as "created by the other", counted at once,
 * and found no table yet — a 500 on the admin's first login (seen in CI). Here one limiter creates
 * it, under an advisory lock for other processes; the rest are built with `tableCreated`.
 */
function postgresLimitsTable(payload: Payload, common: { duration: number; keyPrefix: string; points: number }): Promise<void> {
  let created = postgresTables.get(payload)
  if (!created) {
    const pool = postgresLimitsPool(payload)
    created = (async () => {
      const client = await pool.connect()
      try {
        await client.query('SELECT pg_advisory_lock($1)', [TABLE_LOCK])
        try {
          await new Promise<void>((resolve, reject) => {
            new BatchedRateLimiterPostgres({ ...common, storeClient: pool, storeType: 'pool', tableName: TABLE }, (error?: unknown) => (error ? reject(error) : resolve()))
          })
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [TABLE_LOCK])
        }
      } finally {
        client.release()
      }
    })()
    // A failed attempt is tried again by the next limiter.
    created.catch(() => postgresTables.delete(payload))
    postgresTables.set(payload, created)
  }
  return created
}

/** What rate-limiter-flexible's SQLite store calls on a better-sqlite3-style connection. */
type SqliteStatement = ReturnType<SqliteConnection['prepare']>
type SqliteStoreClient = { prepare: (source: string) => SqliteStatement; transaction: <T>(run: () => T) => () => T }

/** One connection to the SQLite side file per Payload, however many limiters use it. */
const sqliteConnections = new WeakMap<Payload, SqliteStoreClient>()

/**
 * The store counts an attempt with one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which it
 * prepares anew and wraps in BEGIN/COMMIT every time: together three quarters of its cost, and a
 * quarter of the server's CPU in a signing flood (profiled). One statement is atomic in SQLite
 * on its own, so the transaction adds nothing; its few statements are prepared once.
 */
function preparedOnce(connection: SqliteConnection): SqliteStoreClient {
  const statements = new Map<string, SqliteStatement>()
  return {
    prepare: (source: string) => {
      let statement = statements.get(source)
      if (!statement) statements.set(source, (statement = connection.prepare(source)))
      return statement
    },
    transaction: (run) => run,
  }
}

function sqliteLimitsConnection(payload: Payload): SqliteStoreClient {
  let client = sqliteConnections.get(payload)
  if (!client) {
    const url = String((payload.db as unknown as { clientConfig?: { url?: string } }).clientConfig?.url ?? '')
    const file = url.replace(/^file:/, '')
    const connection = new Database(!file || file === ':memory:' ? ':memory:' : `${file}.limits`)
    // Counts need not survive a power cut, only a process crash (the OS has them by then): without
    // an fsync per attempt, counting one takes microseconds instead of blocking the event loop
    // for the disk (measured: ~4 ms a write here, two per signature, 25 signatures/s in all).
    connection.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA busy_timeout = 2000;')
    client = preparedOnce(connection)
    sqliteConnections.set(payload, client)
  }
  return client
}

export function sharedRateLimiter(payload: Payload, { durationSeconds, keyPrefix, points }: SharedLimit): Promise<RateLimiterAbstract> {
  const common = { duration: durationSeconds, keyPrefix, points }
  return new Promise((resolve, reject) => {
    const ready = (error?: unknown) => (error ? reject(error) : resolve(created))
    let created: RateLimiterAbstract
    switch (payload.db.name) {
      case 'postgres':
        postgresLimitsTable(payload, common).then(() => {
          // With its table there, the store is ready as soon as it is built.
          created = new BatchedRateLimiterPostgres({ ...common, storeClient: postgresLimitsPool(payload), storeType: 'pool', tableCreated: true, tableName: TABLE })
          resolve(created)
        }, reject)
        break
      case 'mongoose':
        created = new RateLimiterMongo({ ...common, storeClient: (payload.db as unknown as { connection: unknown }).connection, tableName: TABLE })
        resolve(created)
        break
      default:
        created = new RateLimiterSQLite(
          { ...common, storeClient: sqliteLimitsConnection(payload), storeType: 'better-sqlite3', tableName: TABLE },
          ready,
        )
    }
  })
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

/**
 * Keyed hashes stand in for addresses and emails as limiter keys: enough to tell "the same one
 * again", useless to anyone who reads the store.
 */
export const limiterKey = (secret: string, kind: string, value: string): string =>
  createHmac('sha256', secret).update(`${kind}:${value}`).digest('base64url')

/**
 * The part of a client address that names one client, for per-address limits: an IPv6 network
 * hands each customer (and each cloud machine) a whole /64, so counting its addresses one by one
 * gave such a client no limit at all; an IPv4 address written as IPv6 (`::ffff:203.0.113.7`, as a
 * dual-stack listener reports it) is that IPv4 address.
 */
export function limitedAddress(address: string): string {
  if (!ipaddr.isValid(address)) return address
  let parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address()
  if (parsed.kind() === 'ipv4') return parsed.toString()
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`
}
