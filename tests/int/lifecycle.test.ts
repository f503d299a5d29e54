// Starting and stopping the host: bad settings fail at once, the embedded default needs no
// settings at all and keeps logins across restarts, and SIGTERM lets in-flight requests finish.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { request } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

import { json } from '../helpers/http'
import { testEngine } from '../helpers/testDatabase'
import { spawnServer, startTestServer, waitForExit } from '../helpers/testServer'

const tempDirs: string[] = []
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { force: true, recursive: true })))

describe('start-up settings', () => {
  it('exits non-zero on an unsupported DATABASE_URI, naming the accepted schemes', async () => {
    const { code, output } = await waitForExit(spawnServer({ DATABASE_URI: 'mysql://x' }))
    expect(code).not.toBe(0)
    expect(output).toContain('mysql:')
    for (const scheme of ['file:', 'postgres://', 'postgresql://', 'mongodb://', 'mongodb+srv://']) {
      expect(output).toContain(scheme)
    }
  })

  it('refuses a server database in production without PAYLOAD_SECRET', async () => {
    const { code, output } = await waitForExit(
      spawnServer({ DATABASE_URI: 'postgres://postgres@127.0.0.1:5432/never_opened', PAYLOAD_SECRET: undefined }),
    )
    expect(code).not.toBe(0)
    expect(output).toMatch(/PAYLOAD_SECRET is not set/)
  })
})

describe('the embedded default', () => {
  it('starts with no settings, creates its database and secret, and keeps logins across restarts', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'broadside-data-'))
    tempDirs.push(dataDir)
    const env = { DATA_DIR: dataDir, DATABASE_URI: undefined, PAYLOAD_SECRET: undefined }

    const first = await startTestServer({ env })
    expect(existsSync(path.join(dataDir, 'broadside.db'))).toBe(true)
    expect(existsSync(path.join(dataDir, 'payload-secret'))).toBe(true)
    const registered = await fetch(`${first.url}/api/users/first-register`, {
      body: JSON.stringify({ email: 'first@example.com', password: 'a long enough password' }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(registered.status).toBe(200)
    const { token } = await json<{ token: string }>(registered)
    expect(await first.stop()).toBe(0)

    const second = await startTestServer({ env })
    const me = await json<{ user: { email: string; roles: string[] } | null }>(
      await fetch(`${second.url}/api/users/me`, { headers: { authorization: `JWT ${token}` } }),
    )
    expect(me.user).toMatchObject({ email: 'first@example.com', roles: ['admin'] })
    expect(await second.stop()).toBe(0)
  })
})

describe('readiness', () => {
  it('answers 503 on /readyz (and on the API) while the database cannot be reached at start-up', async () => {
    // A "database" that accepts connections and never answers keeps start-up waiting.
    const stalled = createServer(() => {})
    stalled.listen(0, '127.0.0.1')
    await once(stalled, 'listening')
    const { port } = stalled.address() as AddressInfo
    const server = await startTestServer({
      env: { DATABASE_URI: `postgres://postgres@127.0.0.1:${port}/stalled` },
      waitFor: 'listening',
    })
    try {
      const ready = await fetch(`${server.url}/readyz`)
      expect(ready.status).toBe(503)
      expect(ready.headers.get('retry-after')).toBe('1')
      expect(await json(ready)).toEqual({ status: 'starting' })
      expect((await fetch(`${server.url}/api/users/me`)).status).toBe(503)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      expect(await server.stop()).toBe(0)
      stalled.close()
    }
  })

  // Only a server database can go away under a running process.
  it.runIf(testEngine() === 'postgres')('answers 503 on /readyz while the database does not answer', async () => {
    const server = await startTestServer()
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    await server.database!.drop()
    const response = await fetch(`${server.url}/readyz`)
    expect(response.status).toBe(503)
    expect(await json(response)).toMatchObject({ status: 'database unavailable' })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    server.process.kill('SIGTERM')
    await server.exited
  })
})

describe('graceful shutdown', () => {
  it('lets a slow in-flight request finish on SIGTERM, then exits 0', async () => {
    const server = await startTestServer()
    const body = JSON.stringify({ email: 'slow@example.com', password: 'not the password' })
    const { hostname, port } = new URL(server.url)
    const response = new Promise<{ body: string; status: number }>((resolve, reject) => {
      const req = request(
        {
          // The server answers "100 Continue" in the same tick it starts handling the request,
          // so the client knows the request is in flight before the signal is sent.
          headers: { 'content-length': Buffer.byteLength(body), 'content-type': 'application/json', expect: '100-continue' },
          hostname,
          method: 'POST',
          path: '/api/users/login',
          port,
        },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () => resolve({ body: text, status: res.statusCode ?? 0 }))
        },
      )
      req.on('error', reject)
      // Half the body, then SIGTERM, then the rest: the request is still being received when
      // the signal lands.
      req.on('continue', () => {
        req.write(body.slice(0, 10))
        server.process.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(10)), 1_500)
      })
      req.flushHeaders()
    })
    const answered = await response
    expect(answered.status, answered.body).toBe(401)
    expect(JSON.parse(answered.body).errors[0].message).toMatch(/incorrect/i)
    expect(await server.exited).toBe(0)
    expect(server.output()).toContain('SIGTERM received')
    await server.stop()
  })
})
