/**
 * `npm start` serves a production build and builds one first when there is none, or when the
 * sources changed since the last one: Next's build of the admin panel and the server compiled
 * to JavaScript (./serverBundle). A fingerprint of every file the build reads is kept beside
 * Next's own output.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { bundleServer, SERVER_BUNDLE, START_BUNDLE } from './serverBundle'

// examples/static-site: live preview renders with the site's renderer, so both builds hold it.
const BUILD_INPUTS = ['payload.config.ts', 'next.config.mjs', 'tsconfig.json', 'package-lock.json', 'src', 'collections', 'hooks', 'examples/static-site']
// Benchmarks are scripts no route imports; src/bench/plainPayload is a separate app with its own
// build output, which would otherwise be hashed too (gigabytes) and rebuild Broadside for nothing.
const NOT_BUILD_INPUTS = new Set(['src/bench'])
/**
 * What a build compiles or bundles. Files read only at run time (the demo pages, READMEs)
 * change nothing a build makes, and editing one should not cost a rebuild.
 */
const BUILT_FILE = /\.(tsx?|mts|jsx?|mjs|cjs|json|s?css)$/
const FINGERPRINT_FILE = '.next/broadside-build-fingerprint'

export async function ensureProductionBuild(rootDir = process.cwd()): Promise<'built' | 'current'> {
  const fingerprint = sourceFingerprint(rootDir)
  const fingerprintFile = path.join(rootDir, FINGERPRINT_FILE)
  const built = [path.join(rootDir, '.next/BUILD_ID'), path.join(rootDir, SERVER_BUNDLE), path.join(rootDir, START_BUNDLE), fingerprintFile].every((file) => existsSync(file))
  if (built && readFileSync(fingerprintFile, 'utf8') === fingerprint) return 'current'

  console.log('Broadside: building the admin panel and API (first start or changed sources)…')
  await buildForProduction(rootDir)
  return 'built'
}

/** Runs `next build`, compiles the server, and records which sources they were built from. */
export async function buildForProduction(rootDir = process.cwd()): Promise<void> {
  const fingerprint = sourceFingerprint(rootDir)
  await runNextBuild(rootDir)
  // After Next's build, which empties .next first.
  await bundleServer(rootDir)
  writeFileSync(path.join(rootDir, FINGERPRINT_FILE), fingerprint)
}

export function sourceFingerprint(rootDir: string): string {
  const hash = createHash('sha256')
  for (const file of BUILD_INPUTS.flatMap((input) => listFiles(rootDir, input))) {
    hash.update(path.relative(rootDir, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

function listFiles(rootDir: string, relative: string): string[] {
  const entry = path.join(rootDir, relative)
  if (NOT_BUILD_INPUTS.has(relative) || !existsSync(entry)) return []
  if (!statSync(entry).isDirectory()) return BUILT_FILE.test(entry) ? [entry] : []
  return readdirSync(entry, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => listFiles(rootDir, path.join(relative, child.name)))
}

function runNextBuild(rootDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(rootDir, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: rootDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: 'inherit',
    })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`))))
  })
}
