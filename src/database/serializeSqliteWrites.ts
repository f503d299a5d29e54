/**
 * Lets many requests write to one SQLite file at once without "database is locked".
 *
 * libsql is synchronous: a connection that waits for the write lock blocks the whole event
 * loop, so inside one process the transaction holding the lock could never finish while
 * another one waits for it. Transactions therefore queue on an in-process lock before they
 * begin, and the busy timeout only has to cover other processes (an importer beside the
 * server). libsql hands its connection to each transaction and opens a fresh one for the
 * client; the adapter sets the busy timeout on the first connection only, so every new
 * connection gets it here.
 */
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'

type TransactionMode = Parameters<SQLiteAdapter['client']['batch']>[1]
import type { DatabaseAdapterObj } from 'payload'

import { Mutex, withTimeout } from 'async-mutex'

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
        giveEveryConnectionTheBusyTimeout(db.client, busyTimeoutMs)
      }
      return db
    },
  }
}

function giveEveryConnectionTheBusyTimeout(client: SQLiteAdapter['client'], busyTimeoutMs: number): void {
  const openTransaction = client.transaction.bind(client)
  client.transaction = (mode?: TransactionMode) => {
    const transaction = openTransaction(mode)
    // The client's next connection is opened by this statement, synchronously (libsql runs
    // statements in the calling tick), so no other statement can use it before the timeout is set.
    client.execute(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`).catch(() => {
      // A closed client has no next connection to configure.
    })
    return transaction
  }
}
