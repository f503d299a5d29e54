/**
 * Graceful shutdown on SIGTERM/SIGINT, with a deadline that holds under load. At the signal the
 * host stops accepting connections, answers any request that still arrives on an open one with
 * 503 and `Connection: close` (and tells in-flight ones to close after their answer), gives
 * in-flight requests DRAIN_MS to finish, cuts what is left, closes the database and exits 0.
 *
 * The deadline is kept twice: by a timer on the main thread, and, because that timer cannot fire
 * while the event loop is busy (SQLite runs synchronously on it), by a watchdog on a thread of its
 * own that kills the process. Neither loses an acknowledged write: a 2xx is only sent once its
 * write committed, and a committed write survives the process being killed.
 */
import type { RequestHandler } from 'express'
import type { Server, ServerResponse } from 'node:http'

import { Worker } from 'node:worker_threads'

/** From the signal to the exit, whatever happens. */
export const SHUTDOWN_DEADLINE_MS = 10_000
/** In-flight requests get this long to finish before their connections are cut. */
const DRAIN_MS = 5_000
/** Leaves room for the exit itself and for the watchdog's thread to start. */
const MAIN_THREAD_DEADLINE_MS = SHUTDOWN_DEADLINE_MS - 1_000
const WATCHDOG_DEADLINE_MS = SHUTDOWN_DEADLINE_MS - 500

export type ShutdownOptions = {
  /** Runs once no request is in flight (or they were cut): close the database and the like. */
  close: () => Promise<void>
  /** Runs at the signal, before anything else (readiness reports stopping). */
  onStopping: () => void
}

export type GracefulShutdown = {
  /** Installs the SIGTERM/SIGINT handlers for the listening server. */
  install: (server: Server, options: ShutdownOptions) => void
  /** Goes first in the express app: answers requests that arrive during shutdown. */
  refuseWhileStopping: RequestHandler
  /**
   * For what the host answers before its express app: counts `res` in flight, so shutdown waits
   * for it; false once stopping (the express app then answers 503).
   */
  track: (res: ServerResponse) => boolean
}

export function gracefulShutdown(): GracefulShutdown {
  let stopping = false
  const inFlight = new Set<ServerResponse>()

  const install = (server: Server, { close, onStopping }: ShutdownOptions) => {
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) return
      stopping = true
      const signalledAt = Date.now()
      console.log(`Broadside: ${signal} received; finishing in-flight requests…`)
      startWatchdog(signalledAt + WATCHDOG_DEADLINE_MS, 'Broadside: shutdown took too long (event loop busy); killing the process.')
      setTimeout(() => {
        console.error('Broadside: shutdown took too long; exiting.')
        process.exit(1)
      }, MAIN_THREAD_DEADLINE_MS).unref()
      onStopping()
      for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close')
      const drained = new Promise<void>((resolve) => server.close(() => resolve()))
      const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS)
      await drained
      clearTimeout(cut)
      await close()
      console.log(`Broadside stopped (${Date.now() - signalledAt} ms after ${signal}).`)
      process.exit(0)
    }
    process.on('SIGTERM', (signal) => void stop(signal))
    process.on('SIGINT', (signal) => void stop(signal))
  }

  const track = (res: ServerResponse) => {
    if (stopping) return false
    if (!inFlight.has(res)) {
      inFlight.add(res)
      res.on('close', () => inFlight.delete(res))
    }
    return true
  }

  const refuseWhileStopping: RequestHandler = (_req, res, next) => {
    if (!track(res)) {
      res.status(503).set({ Connection: 'close', 'Retry-After': '1' }).json({ errors: [{ message: 'Broadside is shutting down.' }] })
      return
    }
    next()
  }

  return { install, refuseWhileStopping, track }
}

/** A timer on a thread of its own: it fires at `deadline` (epoch ms) however busy the main thread is. */
function startWatchdog(deadline: number, message: string): void {
  const source = `
    const { workerData } = require('node:worker_threads')
    const { writeSync } = require('node:fs')
    setTimeout(() => {
      writeSync(2, workerData.message + '\\n')
      process.kill(process.pid, 'SIGKILL')
    }, Math.max(0, workerData.deadline - Date.now()))
  `
  new Worker(source, { eval: true, workerData: { deadline, message } }).unref()
}
