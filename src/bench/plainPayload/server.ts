/**
 * Builds and serves the plain Payload app the way a starter is served: `next build` into its own
 * `.next`, then `next start` in production mode on a loopback port. A fingerprint of its sources
 * (and the lockfile) skips the build when nothing changed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

const APP_DIR = import.meta.dirname
const ROOT = path.resolve(APP_DIR, '../../..')
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next')
const FINGERPRINT_FILE = path.join(APP_DIR, '.next/bench-build-fingerprint')
const GENERATED = new Set(['.next', 'next-env.d.ts'])

export type PlainPayloadServer = { pid: number; stop: () => Promise<void>; url: string }

function sourceFingerprint(): string {
  const hash = createHash('sha256').update(readFileSync(path.join(ROOT, 'package-lock.json')))
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (GENERATED.has(entry.name)) continue
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else hash.update(path.relative(APP_DIR, file)).update('\0').update(readFileSync(file)).update('\0')
    }
  }
  walk(APP_DIR)
  return hash.digest('hex')
}

export async function buildPlainPayload(): Promise<'built' | 'current'> {
  const fingerprint = sourceFingerprint()
  if (existsSync(path.join(APP_DIR, '.next/BUILD_ID')) && existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint) return 'current'
  const { code, output } = await run(spawn(process.execPath, ['--conditions=production', NEXT_BIN, 'build'], { cwd: APP_DIR, env: nextEnv({}), stdio: ['ignore', 'pipe', 'pipe'] }))
  if (code !== 0) throw new Error(`plain Payload: next build exited with ${code}:\n${output}`)
  writeFileSync(FINGERPRINT_FILE, fingerprint)
  return 'built'
}

/** `next start` on a free loopback port; resolves once the REST API answers. */
export async function startPlainPayload(env: { DATABASE_URI: string; PAYLOAD_SECRET: string }): Promise<PlainPayloadServer> {
  const port = await freeLoopbackPort()
  const child = spawn(process.execPath, ['--conditions=production', NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: APP_DIR,
    env: nextEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = run(child)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`plain Payload exited with ${child.exitCode}:\n${(await exited).output}`)
    const status = await fetch(`${url}/api/posts?limit=1`).then((response) => response.status, () => 0)
    if (status === 200) break
    if (Date.now() > deadline) throw new Error(`plain Payload did not answer within 60 s (last status ${status})`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
    url,
  }
}

function nextEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...extra }
}

function run(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })))
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
