/**
 * Runs a Node script as a child process and sees it stop. The server keeps its own shutdown
 * deadline (gracefulShutdown.ts), but only once its signal handler runs, and Node runs handlers
 * on the event loop: a long synchronous task (a slow SQLite query) delays the signal itself.
 * A parent whose loop is always free forwards SIGTERM/SIGINT and, when the child has not exited
 * `killAfterMs` later, kills it.
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:os'

export type SuperviseOptions = {
  /** Arguments after the script's path (the parent's own, for `npm start -- …`). */
  args?: string[]
  /** From the first signal to SIGKILL: the child's own deadline and a margin. */
  killAfterMs: number
  /** Node's options for the child; the parent's own (`--conditions`, `--import tsx`) when unset. */
  nodeArgs?: string[]
  /** The script the child runs. */
  script: string
}

/** Resolves with the exit code the parent should end with: the child's, or 128 + the signal that ended it. */
export function supervise({ args = [], killAfterMs, nodeArgs = process.execArgv, script }: SuperviseOptions): Promise<number> {
  // The IPC channel tells the child when this parent is gone (see stopWhenOrphaned).
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
  let killTimer: NodeJS.Timeout | undefined

  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    killTimer ??= setTimeout(() => {
      console.error(`Broadside: the server did not exit within ${killAfterMs} ms of ${signal}; killing it.`)
      child.kill('SIGKILL')
    }, killAfterMs)
  }
  process.on('SIGTERM', forward)
  process.on('SIGINT', forward)

  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killTimer)
      process.off('SIGTERM', forward)
      process.off('SIGINT', forward)
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0))
    })
    child.on('error', (error) => {
      console.error(`Broadside: could not start ${script}: ${error.message}`)
      resolve(1)
    })
  })
}

/**
 * In the child: a parent killed outright (SIGKILL, an OOM kill) cannot forward anything, and the
 * server would go on holding its port, so the next `npm start` could not bind it. The IPC channel
 * closes with the parent; the server then shuts down as on SIGTERM. The channel does not keep the
 * process alive by itself.
 */
export function stopWhenOrphaned(): void {
  if (!process.send) return
  process.channel?.unref()
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'))
}
