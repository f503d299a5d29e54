/**
 * `npm start`: the server as the child of a small parent that receives the signals, forwards
 * them, and kills the server when it has not stopped within its own shutdown deadline and a
 * margin — which it cannot keep while a synchronous task holds its event loop. The parent exits
 * with the server's exit code.
 *
 * Both run compiled (host/serverBundle), by plain Node: `npm start` first runs the build's
 * staleness check (src/cli/build.ts --if-stale, under tsx, which builds only when needed), then
 * this file's compiled copy beside the server's.
 */
import { fileURLToPath } from 'node:url'

import { SHUTDOWN_DEADLINE_MS } from './host/gracefulShutdown'
import { SERVER_BUNDLE, serverNodeArgs } from './host/serverBundle'
import { supervise } from './host/supervise'

/** Time for the server's own deadline to act (and be logged) before the parent steps in. */
const KILL_MARGIN_MS = 2_000

const code = await supervise({
  args: process.argv.slice(2),
  killAfterMs: SHUTDOWN_DEADLINE_MS + KILL_MARGIN_MS,
  nodeArgs: serverNodeArgs(),
  script: fileURLToPath(new URL(`../${SERVER_BUNDLE}`, import.meta.url)),
})
process.exit(code)
