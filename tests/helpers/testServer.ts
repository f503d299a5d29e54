/**
 * Runs the real express host (production build) as a child process on a free loopback port,
 * the way `npm start` runs it, on a fresh test database unless told otherwise. The tests signal
 * the server itself; `supervised` puts `npm start`'s supervising parent in between.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'

import { SERVER_BUNDLE, serverNodeArgs, START_BUNDLE } from '../../src/host/serverBundle'
import { createTestDatabase, type TestDatabase } from './testDatabase'

export type TestServer = {
  database?: TestDatabase
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  output: () => string
  process: ChildProcess
  /** Sends SIGTERM, waits for the exit, drops the database; returns the exit code. */
  stop: () => Promise<number | null>
  url: string
}

const ROOT = path.resolve(import.meta.dirname, '../..')

export type StartOptions = {
  /** Environment on top of the test process's; `DATABASE_URI: undefined` removes it. */
  env?: Record<string, string | undefined>
  /** Run it as `npm start` does, under its supervising parent (src/start.ts; `process` is then the parent). */
  supervised?: boolean
  /** Resolve once the server listens instead of once it is ready. */
  waitFor?: 'listening' | 'ready'
}

export async function startTestServer({ env = {}, supervised = false, waitFor = 'ready' }: StartOptions = {}): Promise<TestServer> {
  const database = 'DATABASE_URI' in env ? undefined : await createTestDatabase()
  const child = spawnServer({ DATABASE_URI: database?.uri, ...env }, supervised ? START_BUNDLE : SERVER_BUNDLE)
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    let address: string | undefined
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      address ??= /listening on (http:\/\/[^\s]+)/.exec(output)?.[1]
      if (address && (waitFor === 'listening' || output.includes('Broadside ready'))) resolve(address)
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    void exited.then((code) => reject(new Error(`server exited with ${code} before it was ${waitFor}:\n${output}`)))
  })
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const code = await exited
    await database?.drop()
    return code
  }
  return { database, exited, output: () => output, process: child, stop, url }
}

/**
 * Starts the server process without waiting for anything (for start-up failures): the compiled
 * server `npm start` runs (the global setup builds it), or a TypeScript script under tsx.
 */
export function spawnServer(env: Record<string, string | undefined>, script = SERVER_BUNDLE): ChildProcess {
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    PORT: '0',
    // Tests start from an empty database; the demo-content test turns seeding back on.
    SEED_DEMO: 'false',
    ...env,
  }
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key]
  // SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server of a benchmark.
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const scriptArgs = script.endsWith('.ts') ? ['--conditions=production', '--import', 'tsx'] : serverNodeArgs(merged)
  return spawn(process.execPath, [...nodeArgs, ...scriptArgs, script], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

export async function waitForExit(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}
