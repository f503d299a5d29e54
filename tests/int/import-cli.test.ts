// `npm run import` as users run it: a separate process writing the database a running server
// uses, while the server takes writes of its own; a summary, bad files by name, an exit code.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { json, login } from '../helpers/http'
import { startTestServer, type TestServer } from '../helpers/testServer'

const ROOT = path.resolve(import.meta.dirname, '../..')
const ADMIN = { email: 'import-cli-admin@example.com', password: 'import cli password' }
let server: TestServer
type Listing = { docs: { title: string }[]; totalDocs: number }

beforeAll(async () => {
  server = await startTestServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } })
})
// An import that never ends would outlive its failed test; it is stopped here.
const running = new Set<ChildProcess>()
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL')
  await server?.stop()
})

/** `env` goes on top of the test's; `undefined` removes a variable. */
async function runImport(args: string[], env: Record<string, string | undefined> = { NODE_ENV: 'production' }): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const merged: NodeJS.ProcessEnv = { ...process.env, DATABASE_URI: server.database!.uri, ...env }
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key]
  // The command `npm run import` runs.
  const child = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', 'src/cli/import.ts', ...args], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.on('exit', () => running.delete(child))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, stderr, stdout }
}

it('imports and publishes beside the running server, which keeps taking writes; reports each bad file and exits non-zero', async () => {
  const token = await login(server.url, ADMIN.email, ADMIN.password)
  let importing = true
  // The server keeps writing for as long as the import runs.
  const serverWrites = (async () => {
    const statuses: number[] = []
    for (let n = 0; importing; n++) {
      const response = await fetch(`${server.url}/api/categories`, {
        body: JSON.stringify({ name: `Written by the server ${n}` }),
        headers: { authorization: `JWT ${token}`, 'content-type': 'application/json' },
        method: 'POST',
      })
      statuses.push(response.status)
    }
    return statuses
  })()
  const result = await runImport(['tests/fixtures/import', '--publish'])
  importing = false
  const statuses = await serverWrites

  expect(statuses.length).toBeGreaterThan(10)
  expect(statuses.every((status) => status === 201), String(statuses)).toBe(true)
  // Only full-page.txt has all three sections the publishing rules ask for.
  expect(result.stdout).toContain('7 pages: 6 created, 0 updated, 1 failed, 1 published, 5 left as drafts, new categories: ')
  expect(result.stderr).toMatch(/not-a-page\.txt: no headline/)
  expect(result.stderr).toMatch(/opinion-only\.txt .*not published, kept as a draft: sections: Publishing needs these sections: Action, To Do/)
  expect(result.code).toBe(1)

  // Visitors read the published imports through the server.
  const visible = await json<Listing>(await fetch(`${server.url}/api/articles?limit=50&depth=0`))
  expect(visible.totalDocs).toBe(1)
  expect(visible.docs.map((doc) => doc.title)).toEqual(['Brackenridge council approves transit levy after seven-hour hearing'])
})

it('a dry run of pages already imported says they would be updated, writes nothing and exits 0', async () => {
  const before = await json<Listing>(await fetch(`${server.url}/api/categories?limit=1`))
  const result = await runImport(['tests/fixtures/import/full-page.txt', 'tests/fixtures/import/crlf.txt', '--dry-run'])
  expect(result.stdout).toContain('Dry run — nothing written. 2 pages: 0 would be created, 2 would be updated, 0 failed')
  expect(result.code).toBe(0)
  expect((await json<Listing>(await fetch(`${server.url}/api/categories?limit=1`))).totalDocs).toBe(before.totalDocs)
})

it('refuses a petition slug that does not exist, and a missing argument, with a clear message', async () => {
  const unknown = await runImport(['tests/fixtures/import/full-page.txt', '--petition', 'no-such-petition'])
  expect(unknown.code).toBe(1)
  expect(unknown.stderr).toContain('--petition no-such-petition: no petition has that slug.')
  const bare = await runImport([])
  expect(bare.code).toBe(2)
  expect(bare.stderr).toContain('Usage: npm run import')
})

// `npm run import` sets no NODE_ENV, and a server started with `npm start` listens on PORT
// (3000 unless set). The test server has a port of its own, which the import is told, as a
// shared .env would. The bound is the test's timeout (generous: two imports on a busy machine
// took 76 s): an import that does not exit fails it.
describe('run as `npm run import` runs it, beside the running server', () => {
  const asNpmRunsIt = () => ({ NODE_ENV: undefined, PORT: new URL(server.url).port })
  const LIBRARY_PAGE = 'tests/fixtures/import-cases/library-branches.txt'

  it('exits on its own with code 0 after --publish, each time', async () => {
    for (const round of [1, 2]) {
      const result = await runImport([LIBRARY_PAGE, '--publish'], asNpmRunsIt())
      expect(result.stdout, `round ${round}`).toMatch(/1 pages: .*1 published, 0 left as drafts/)
      expect(result.code, `round ${round}: ${result.stderr}`).toBe(0)
    }
  }, 300_000)

  it('exits on its own with code 0 without --publish, each time', async () => {
    for (const round of [1, 2]) {
      const result = await runImport(['tests/fixtures/import/crlf.txt', LIBRARY_PAGE], asNpmRunsIt())
      expect(result.stdout, `round ${round}`).toContain('2 pages: 0 created, 2 updated, 0 failed')
      expect(result.code, `round ${round}: ${result.stderr}`).toBe(0)
    }
  }, 300_000)
})
