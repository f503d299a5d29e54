/**
 * Stops Payload's background work (the job runner, then plugins' work in progress — see
 * beforeClose) and closes its database connections, so a process can exit
 * cleanly. Payload's own `destroy()` stops its crons but leaves SQLite and PostgreSQL
 * connections open.
 */
import type { Payload } from 'payload'
import type { Pool, PoolClient } from 'pg'

import { runBeforeClose } from '../utilities/beforeClose'

/** How long running jobs get to finish once aborted (the server's shutdown allows 10 s in all). */
const RUNNING_JOBS_WAIT_MS = 3_000

type PoolInternals = Pool & { _clients?: PoolClient[]; _idle?: { client: PoolClient }[] }
type Closable = { client?: { close?: () => void }; pool?: PoolInternals }

export async function closeDatabase(payload: Payload): Promise<void> {
  const { client, pool } = payload.db as unknown as Closable
  // The job runner stops first, so no job starts while plugins finish theirs (which may write);
  // then the jobs already running get to record how they ended before the connections go.
  const crons = payload.crons.splice(0)
  await Promise.all(crons.map((cron) => cron.stop()))
  await runBeforeClose(payload)
  const deadline = Date.now() + RUNNING_JOBS_WAIT_MS
  while (crons.some((cron) => cron.isBusy()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25))
  await payload.destroy()
  if (pool) await endPool(pool)
  else client?.close?.()
}

/**
 * The PostgreSQL adapter checks out one client when it connects (to watch for resets) and
 * never gives it back, so `pool.end()` alone would wait forever. By now requests are drained
 * and crons stopped: whatever is still checked out is that client.
 */
async function endPool(pool: PoolInternals): Promise<void> {
  // A connection still saying goodbye when its database is dropped (test and benchmark
  // clean-up) gets an error from the server; once closing, nothing is left to tell.
  pool.on('error', () => {})
  for (const client of pool._clients ?? []) client.on('error', () => {})
  const idle = new Set((pool._idle ?? []).map((item) => item.client))
  for (const checkedOut of (pool._clients ?? []).filter((c) => !idle.has(c))) checkedOut.release()
  await pool.end()
}
