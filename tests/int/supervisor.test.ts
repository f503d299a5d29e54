// `npm start` runs the server under a supervising parent (src/start.ts): the parent receives the
// signals, forwards them, exits with the server's code, and kills a server that cannot get to
// its own shutdown because a synchronous task holds its event loop.
import { spawn } from 'node:child_process'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { startTestServer, waitForExit } from '../helpers/testServer'
import { until } from '../helpers/wait'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe("npm start's supervising parent", () => {
  it('forwards SIGTERM: the server shuts down gracefully and the parent exits with its code', async () => {
    const server = await startTestServer({ supervised: true })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect(await server.stop()).toBe(0)
    expect(server.output()).toContain('SIGTERM received')
    expect(server.output()).toMatch(/Broadside stopped \(\d+ ms after SIGTERM\)/)
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
  })

  it('a server whose parent was killed outright shuts down gracefully and frees its port', async () => {
    const server = await startTestServer({ supervised: true })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    server.process.kill('SIGKILL')
    const deadline = Date.now() + 20_000
    while (await fetch(`${server.url}/healthz`).then(() => true, () => false)) {
      if (Date.now() > deadline) throw new Error('the orphaned server still answers 20 s after its parent was killed')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    // The port closes first; the line comes once the database is closed too.
    await until(() => /Broadside stopped \(\d+ ms after SIGTERM\)/.test(server.output()) || undefined, 20_000)
    await server.stop()
  })

  it('kills a server whose event loop is held when the signal comes, and exits non-zero', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/supervisor/superviseStuckServer.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const exit = waitForExit(parent)
    await new Promise<void>((resolve) => parent.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('stuck server ready') && resolve()))
    // Let the stuck task begin before the signal.
    await new Promise((resolve) => setTimeout(resolve, 200))
    parent.kill('SIGTERM')
    const { code, output } = await exit
    expect(output).toContain('did not exit within 1000 ms of SIGTERM; killing it')
    expect(code).toBe(128 + 9)
  })
})
