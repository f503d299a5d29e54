// The express host as frontend developers and operators meet it: admin, REST, GraphQL,
// health routes, body limits, security headers, login rate limiting, first-admin bootstrap.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { graphql, json, login } from '../helpers/http'
import { startTestServer, type TestServer } from '../helpers/testServer'

const ADMIN = { email: 'boot-admin@example.com', password: 'correct horse battery staple' }
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOGIN_RATE_PER_IP: '3' },
  })
})
afterAll(async () => {
  expect(await server?.stop()).toBe(0)
})

describe('the express host', () => {
  it('answers health and readiness once migrated and bootstrapped', async () => {
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await json(health)).toEqual({ status: 'alive' })
    const ready = await fetch(`${server.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await json(ready)).toEqual({ status: 'ready' })
  })

  it('serves the admin panel at /admin', async () => {
    const response = await fetch(`${server.url}/admin`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    // A first admin exists (bootstrapped), so the panel sends visitors to its login screen.
    expect(await response.text()).toContain('/admin/login')
  })

  it('serves REST at /api with JSON', async () => {
    const response = await fetch(`${server.url}/api/users/me`)
    expect(response.status).toBe(200)
    expect(await json(response)).toMatchObject({ user: null })
  })

  it('serves GraphQL at /api/graphql, without the playground in production', async () => {
    const response = await graphql(server.url, '{ __typename }')
    expect(response.status).toBe(200)
    expect(await json(response)).toEqual({ data: { __typename: 'Query' } })
    expect((await fetch(`${server.url}/api/graphql-playground`)).status).toBe(404)
  })

  it('answers the API itself, leaving to Next only what Next owns', async () => {
    // Payload's handlers, as the host runs them: a document route with a percent-encoded id
    // reaches the endpoint decoded (and is refused as a non-id, not routed elsewhere).
    const encoded = await fetch(`${server.url}/api/articles/%31x`)
    expect(encoded.status).toBe(400)
    expect(JSON.stringify(await json(encoded))).toContain('1x')
    // A trailing slash is Next's: it redirects to the path without one, as before.
    const slash = await fetch(`${server.url}/api/articles/`, { redirect: 'manual' })
    expect(slash.status).toBe(308)
    expect(slash.headers.get('location')).toMatch(/\/api\/articles$/)
    // HEAD runs GET and sends the same headers without a body.
    const get = await fetch(`${server.url}/api/categories?limit=1`)
    const head = await fetch(`${server.url}/api/categories?limit=1`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'))
    expect(await head.text()).toBe('')
    // Payload's Open Graph image renderer (seconds of CPU per long title) is not served.
    expect((await fetch(`${server.url}/api/og?title=x&description=${'W'.repeat(2000)}`)).status).toBe(404)
  })

  it('answers odd requests with 4xx, never 500: unserved methods, HEAD on uncached routes, missing or NUL-named media files', async () => {
    const raw = (method: string, target: string) =>
      new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(server.url)
        const request = http.request({ hostname, method, path: target, port }, (response) => {
          response.resume()
          resolve(response.statusCode!)
        })
        request.on('error', reject).end()
      })
    // TRACE reached Next, which threw (500); WebDAV's methods and CONNECT-like ones the same.
    for (const method of ['TRACE', 'PROPFIND', 'MKCOL']) expect(await raw(method, '/api/articles'), method).toBe(405)
    expect(await raw('TRACE', '/admin')).toBe(405)
    expect((await fetch(`${server.url}/api/articles`, { method: 'PROPFIND' })).headers.get('allow')).toContain('GET')
    // HEAD of a route the read cache does not keep (a signed-in one) runs GET as well (it was 404).
    const me = await fetch(`${server.url}/api/users/me`, { method: 'HEAD' })
    expect(me.status).toBe(200)
    expect(await me.text()).toBe('')
    // A media file that is not on the disk is not found (Payload answered 500 and logged an ERROR).
    expect((await fetch(`${server.url}/api/media/file/not-uploaded.png`)).status).toBe(404)
    expect((await fetch(`${server.url}/api/media/file/not-uploaded.png`, { method: 'HEAD' })).status).toBe(404)
    expect(await raw('GET', '/api/media/file/%00.png')).toBe(400)
    expect(server.output()).not.toContain('is missing on the disk')
  })

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const token = await login(server.url, ADMIN.email, ADMIN.password)
    const me = await json<{ user: { roles: string[] } }>(
      await fetch(`${server.url}/api/users/me`, { headers: { authorization: `JWT ${token}` } }),
    )
    expect(me.user.roles).toEqual(['admin'])
  })

  it('refuses JSON bodies over 1 MB with a readable 413', async () => {
    const body = JSON.stringify({ email: 'x@example.com', password: 'x'.repeat(1024 * 1024) })
    const response = await fetch(`${server.url}/api/users/login`, {
      body,
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(response.status).toBe(413)
    const error = await json<{ errors: { message: string }[] }>(response)
    expect(error.errors[0]!.message).toMatch(/JSON bodies may be at most 1 MB/)
  })

  it('accepts JSON bodies under the limit', async () => {
    // It reaches Payload, which refuses a visitor's article for its own reason.
    const response = await fetch(`${server.url}/api/articles`, {
      body: JSON.stringify({ summary: 'x'.repeat(900 * 1024), title: 'Large' }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(response.status).toBe(403)
  })

  it('refuses other bodies over 1 MB too: form-encoded reads, text', async () => {
    for (const [type, headers] of [
      ['application/x-www-form-urlencoded', { 'x-http-method-override': 'GET' }],
      ['text/plain', {}],
    ] as const) {
      const response = await fetch(`${server.url}/api/articles`, {
        body: `where=${'x'.repeat(2 * 1024 * 1024)}`,
        headers: { 'content-type': type, ...headers },
        method: 'POST',
      })
      expect(response.status, type).toBe(413)
      expect((await json<{ errors: { message: string }[] }>(response)).errors[0]!.message).toMatch(/request bodies may be at most 1 MB/)
    }
  })

  it('sends security headers that still let the admin run', async () => {
    const response = await fetch(`${server.url}/admin/login`)
    expect(response.headers.get('x-powered-by')).toBeNull()
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("object-src 'none'")
  })

  it('rate-limits failed logins per address with 429 and Retry-After', async () => {
    const attempt = () =>
      fetch(`${server.url}/api/users/login`, {
        body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong' }),
        headers: { 'content-type': 'application/json' },
        method: 'POST',
      })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await attempt()).status)
    expect(statuses).toEqual([401, 401, 401])
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await json<{ errors: { message: string }[] }>(limited)).errors[0]!.message).toMatch(/Too many failed logins/)
  })
})
