/**
 * Lets many requests write to one SQLite file at once without "database is locked".
 *
 * libsql is synchronous: a connection that waits for the write lock blocks the whole event
 * loop, so inside one process the transaction holding the lock could never finish while
 * another one waits for it. Transactions therefore queue on an in-process lock before they
 * begin, and the busy timeout only has to cover other processes (an importer beside the
 * server). Transactions run on pooled connections that carry the busy timeout (see
 * pooledTransactions).
 */
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'

type TransactionMode = Parameters<SQLiteAdapter['client']['batch']>[1]
type IntMode = 'bigint' | 'number' | 'string'
import type { DatabaseAdapterObj } from 'payload'

import { Sqlite3Transaction } from '@libsql/client/sqlite3'
import { Mutex, withTimeout } from 'async-mutex'
import Database from 'libsql'

export function serializeSqliteWrites(
  adapter: DatabaseAdapterObj,
  { busyTimeoutMs }: { busyTimeoutMs: number },
): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args) as SQLiteAdapter
      // Queued transactions wait their turn, however many are ahead; only a wait long enough to
      // mean a deadlock fails.
      const lockWaitMs = busyTimeoutMs * 6
      const writeLock = withTimeout(
        new Mutex(),
        lockWaitMs,
        new Error(
          `SQLite write lock: waited ${lockWaitMs} ms for another transaction to finish ` +
            '(a Local API call inside a hook that does not pass `req` waits for its own caller).',
        ),
      )
      const releases = new Map<number | string, () => void>()

      const begin = db.beginTransaction.bind(db)
      db.beginTransaction = async (options) => {
        const release = await writeLock.acquire()
        try {
          await nextTurnOfTheEventLoop()
          const id = await begin(options)
          if (id === null) release()
          else releases.set(id, release)
          return id
        } catch (error) {
          release()
          throw error
        }
      }

      const endWith =
        (end: SQLiteAdapter['commitTransaction']): SQLiteAdapter['commitTransaction'] =>
        async (idOrPromise) => {
          const id = await idOrPromise
          try {
            await end(id)
          } finally {
            releases.get(id)?.()
            releases.delete(id)
          }
        }
      db.commitTransaction = endWith(db.commitTransaction.bind(db))
      db.rollbackTransaction = endWith(db.rollbackTransaction.bind(db))

      const connect = db.connect?.bind(db)
      db.connect = async (options) => {
        await connect?.(options)
        const config = (db as unknown as { clientConfig?: { intMode?: IntMode; url?: string } }).clientConfig
        pooledTransactions(db.client, { busyTimeoutMs, intMode: config?.intMode ?? 'number', path: String(config?.url ?? '').replace(/^file:/, '') })
        autocommitWritesTakeTurns(db.client, writeLock)
      }
      return db
    },
  }
}

type Connection = InstanceType<typeof Database>

/**
 * Each statement, and each write's turn, starts on a new turn of the event loop. libsql answers
 * synchronously and the write lock passes from one waiter to the next as a resolved promise, so
 * without this a request runs all its queries as one stretch of microtasks, and the event loop's
 * poll phase runs every request that arrived together back to back: a signing rush of 400 held
 * the loop for seconds, and no timer, signal or new connection was served meanwhile (SIGTERM was
 * seen 6 s late, past the shutdown deadline).
 */
const nextTurnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

const WRITE_STATEMENT = /^\s*(alter|create|delete|drop|insert|replace|update)\b/i

/**
 * Writes outside a transaction (the job runner marks jobs as processing that way) wait for the
 * same turn as transactions. Otherwise such a write, made while a transaction of this process
 * awaits real I/O, would find the file locked and block the event loop for the whole busy
 * timeout — the transaction holding the lock cannot finish meanwhile — and then fail. Reads go
 * straight on, each on a turn of its own.
 */
function autocommitWritesTakeTurns(client: SQLiteAdapter['client'], writeLock: Pick<Mutex, 'runExclusive'>): void {
  const execute = client.execute.bind(client) as (...args: unknown[]) => ReturnType<typeof client.execute>
  const batch = client.batch.bind(client)
  client.execute = ((...args: unknown[]) => {
    const statement = args[0] as { sql: string } | string
    const sql = typeof statement === 'string' ? statement : statement.sql
    const onItsTurn = async () => (await nextTurnOfTheEventLoop(), execute(...args))
    return WRITE_STATEMENT.test(sql) ? writeLock.runExclusive(onItsTurn) : onItsTurn()
  }) as typeof client.execute
  client.batch = ((statements, mode) => {
    const onItsTurn = async () => (await nextTurnOfTheEventLoop(), batch(statements, mode))
    return mode === 'read' ? onItsTurn() : writeLock.runExclusive(onItsTurn)
  }) as typeof client.batch
}

const BEGIN = { deferred: 'BEGIN DEFERRED', read: 'BEGIN TRANSACTION READONLY', write: 'BEGIN IMMEDIATE' } as const

/**
 * Transactions run on connections of a small pool instead of the fresh connection libsql
 * opens for each one: libsql's transaction never closes the connection it takes (`close()`
 * only rolls back, and drizzle does not call it), and a closed connection keeps its two open
 * files until garbage collection, so a busy server ran out of file descriptors (measured: 2
 * per transaction, EMFILE after ~10,000 publishes). Write transactions take turns (above), so
 * the pool holds one connection in practice.
 */
function pooledTransactions(client: SQLiteAdapter['client'], { busyTimeoutMs, intMode, path }: { busyTimeoutMs: number; intMode: IntMode; path: string }): void {
  const idle: Connection[] = []
  const open = () => {
    const connection = new Database(path, {})
    connection.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
    return connection
  }
  client.transaction = async (mode: TransactionMode = 'write') => {
    const connection = idle.pop() ?? open()
    connection.exec(BEGIN[mode ?? 'write'])
    const transaction = new Sqlite3Transaction(connection, intMode)
    let returned = false
    const giveBack = () => {
      if (returned) return
      if (connection.inTransaction) connection.exec('ROLLBACK')
      returned = true
      idle.push(connection)
    }
    const { batch, close, commit, execute, rollback } = {
      batch: transaction.batch.bind(transaction),
      close: transaction.close.bind(transaction),
      commit: transaction.commit.bind(transaction),
      execute: transaction.execute.bind(transaction),
      rollback: transaction.rollback.bind(transaction),
    }
    transaction.execute = async (statement) => (await nextTurnOfTheEventLoop(), execute(statement))
    transaction.batch = async (statements) => (await nextTurnOfTheEventLoop(), batch(statements))
    transaction.commit = () => commit().finally(giveBack)
    transaction.rollback = () => rollback().finally(giveBack)
    transaction.close = () => {
      close()
      giveBack()
    }
    return transaction
  }
}
