/**
 * What most HTTP tests need: the real server on a fresh database, a Local API on the same
 * database (to seed and to check what was stored), and a signed-in admin over REST/GraphQL.
 */
import type { Payload } from 'payload'

import { type Api, api } from './api'
import { login } from './http'
import { startTestPayload, type TestPayload } from './testPayload'
import { startTestServer, type TestServer } from './testServer'

export type TestStack = { admin: Api; close: () => Promise<void>; local: TestPayload; payload: Payload; server: TestServer }

export const STACK_ADMIN = { email: 'stack-admin@example.com', password: 'stack admin password' }

/** `env` adds to the server's environment (e.g. limits). */
export async function startTestStack({ env = {} }: { env?: Record<string, string> } = {}): Promise<TestStack> {
  const server = await startTestServer({ env: { ADMIN_EMAIL: STACK_ADMIN.email, ADMIN_PASSWORD: STACK_ADMIN.password, ...env } })
  let local: TestPayload | undefined
  let admin: Api
  try {
    local = await startTestPayload({ database: server.database })
    admin = api(server.url, await login(server.url, STACK_ADMIN.email, STACK_ADMIN.password))
  } catch (error) {
    // A stack that fails to start is never closed by its test: stop what did start, or the
    // server process outlives the run (a failed CI run left two behind).
    await local?.close()
    await server.stop()
    throw error
  }
  return {
    admin,
    close: async () => {
      await local.close()
      await server.stop()
    },
    local,
    payload: local.payload,
    server,
  }
}
