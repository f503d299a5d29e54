/**
 * `npm start`: the server (src/server.ts) as the child of a small parent that receives the
 * signals, forwards them, and kills the server when it has not stopped within its own shutdown
 * deadline and a margin — which it cannot keep while a synchronous task holds its event loop.
 * The parent exits with the server's exit code.
 */
import { fileURLToPath } from 'node:url'

import { SHUTDOWN_DEADLINE_MS } from './host/gracefulShutdown'
import { supervise } from './host/supervise'

/** Time for the server's own deadline to act (and be logged) before the parent steps in. */
const KILL_MARGIN_MS = 2_000

const code = await supervise({
  args: process.argv.slice(2),
  killAfterMs: SHUTDOWN_DEADLINE_MS + KILL_MARGIN_MS,
  script: fileURLToPath(new URL('./server.ts', import.meta.url)),
})
process.exit(code)
