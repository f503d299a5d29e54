/**
 * Stops Payload's background work and closes its database connections, so a process can exit
 * cleanly. Payload's own `destroy()` stops its crons but leaves SQLite and PostgreSQL
 * connections open.
 */
import type { Payload } from 'payload'

type Closable = { client?: { close?: () => void }; pool?: { end?: () => Promise<void> } }

export async function closeDatabase(payload: Payload): Promise<void> {
  const { client, pool } = payload.db as unknown as Closable
  await payload.destroy()
  if (pool?.end) await pool.end()
  else client?.close?.()
}
