// Login, password-reset and reset-request limits hold at every door: REST under any spelling of
// its path, GraphQL, the Local API, and a second server process on the same database. Each test
// speaks from its own loopback address (127.0.0.x), as distinct clients would.
import type { IncomingHttpHeaders } from 'node:http'

import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestServer, type TestServer } from '../helpers/testServer'
import { STACK_ADMIN, startTestStack, type TestStack } from '../helpers/testStack'

const LIMITS = {
  FORGOT_PASSWORD_RATE_PER_ACCOUNT: '2',
  FORGOT_PASSWORD_RATE_PER_IP: '2',
  LOGIN_RATE_PER_ACCOUNT: '3',
  LOGIN_RATE_PER_IP: '3',
}
const PER_ADDRESS = Number(LIMITS.LOGIN_RATE_PER_IP)
const FORGOT = Number(LIMITS.FORGOT_PASSWORD_RATE_PER_IP)
const RATE_LIMITED = 'RATE_LIMITED'

let stack: TestStack
let second: TestServer | undefined
const saved: Record<string, string | undefined> = {}
const users = {
  alice: 'alice@example.com',
  bob: 'bob@example.com',
  carol: 'carol@example.com',
  dave: 'dave@example.com',
  unlockedByGraphql: 'unlocked-by-graphql@example.com',
  unlockedByLocalApi: 'unlocked-by-local-api@example.com',
  unlockedByRest: 'unlocked-by-rest@example.com',
}
const PASSWORD = 'a password long enough'

beforeAll(async () => {
  // The Local API in this process reads the same settings as the server it starts.
  for (const [name, value] of Object.entries(LIMITS)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
  stack = await startTestStack()
  for (const email of Object.values(users)) await stack.payload.create({ collection: 'users', data: { email, password: PASSWORD } })
})
afterAll(async () => {
  await second?.stop()
  await stack?.close()
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

type Answer = { body: any; headers: IncomingHttpHeaders; status: number }

/** POSTs JSON to `path` (sent exactly as written, percent-encoding and all) from a chosen loopback address. */
function post(baseUrl: string, path: string, body: unknown, from: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const sent = request(
      { headers: { 'content-type': 'application/json', ...headers }, host: '127.0.0.1', localAddress: from, method: 'POST', path, port },
      (response) => {
        let text = ''
        response.on('data', (chunk: Buffer) => (text += chunk.toString()))
        response.on('end', () => {
          try {
            resolve({ body: JSON.parse(text), headers: response.headers, status: response.statusCode! })
          } catch {
            reject(new Error(`${path} answered ${response.statusCode} with no JSON: ${text.slice(0, 200)}`))
          }
        })
      },
    )
    sent.on('error', reject)
    sent.end(JSON.stringify(body))
  })
}

let nobody = 0
/** An email no account has, so Payload's own lockout never gets involved. */
const unknownEmail = () => `nobody-${++nobody}@example.com`

const gql = (query: string, from: string, baseUrl = stack.server.url) => post(baseUrl, '/api/graphql', { query }, from)

/** A door to Payload's login or password reset, and one failed attempt through it. */
type Door = { attempt: (from: string) => Promise<Answer>; name: string }

/** A REST login through `path`; by default a wrong password for an email no account has, a new one each time. */
const restLogin =
  (path: string, email?: string, password = 'wrong', baseUrl?: string) =>
  (from: string) =>
    post(baseUrl ?? stack.server.url, path, { email: email ?? unknownEmail(), password }, from)

const loginDoors: Door[] = [
  { attempt: restLogin('/api/users/login'), name: 'REST login' },
  { attempt: restLogin('/api/users/%6Cogin'), name: 'REST /api/users/%6Cogin' },
  { attempt: restLogin('/api/%75sers/login'), name: 'REST /api/%75sers/login' },
  { attempt: (from) => gql(`mutation { loginUser(email: "${unknownEmail()}", password: "wrong") { token } }`, from), name: 'GraphQL loginUser' },
  { attempt: (from) => post(stack.server.url, '/api/users/reset-password', { password: 'new password long', token: 'not-a-token' }, from), name: 'REST reset-password' },
  {
    attempt: (from) => gql('mutation { resetPasswordUser(password: "new password long", token: "not-a-token") { token } }', from),
    name: 'GraphQL resetPasswordUser',
  },
]

/** The limit a refused answer names, or undefined when it was not refused. */
function refusedBy(answer: Answer): string | undefined {
  if (answer.status === 429) {
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0)
    expect(answer.body.errors[0].data.code).toBe(RATE_LIMITED)
    expect(answer.body.errors[0].message).toMatch(/^Too many .*; try again in \d+ s\.$/)
    return answer.body.errors[0].data.limit
  }
  const graphqlError = answer.body.errors?.[0]
  if (answer.status === 200 && graphqlError?.extensions?.code === RATE_LIMITED) {
    expect(graphqlError.message).toMatch(/^Too many /)
    return graphqlError.extensions.data.limit
  }
  return undefined
}

let lastAddress = 1
const freshAddress = () => `127.0.0.${++lastAddress}`

describe('failed logins and password resets per address', () => {
  for (const door of loginDoors) {
    it(`count through ${door.name}, and refuse it and every other door once over the limit`, async () => {
      const from = freshAddress()
      for (let i = 0; i < PER_ADDRESS; i++) {
        const answer = await door.attempt(from)
        expect(refusedBy(answer), JSON.stringify(answer.body)).toBeUndefined()
      }
      expect(refusedBy(await door.attempt(from))).toBe('login-per-address')
      expect(refusedBy(await restLogin('/api/users/login')(from))).toBe('login-per-address')
      // Another address is not affected, and a correct login from it works.
      const other = await restLogin('/api/users/login', users.alice, PASSWORD)(freshAddress())
      expect(other.status, JSON.stringify(other.body)).toBe(200)
    })
  }

  it('cannot be dodged by sending a different address header each time', async () => {
    const from = freshAddress()
    const forged = (n: number) => ({ 'x-broadside-client-address': `203.0.113.${n}` })
    for (let i = 0; i < PER_ADDRESS; i++) {
      expect((await post(stack.server.url, '/api/users/login', { email: unknownEmail(), password: 'wrong' }, from, forged(i))).status).toBe(401)
    }
    const answer = await post(stack.server.url, '/api/users/login', { email: unknownEmail(), password: 'wrong' }, from, forged(99))
    expect(refusedBy(answer)).toBe('login-per-address')
  })

  it('does not count successful logins, so staff behind one address can all sign in', async () => {
    const from = freshAddress()
    for (let i = 0; i < PER_ADDRESS + 2; i++) {
      const answer = await restLogin('/api/users/login', users.bob, PASSWORD)(from)
      expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    }
    for (let i = 0; i < PER_ADDRESS; i++) expect((await restLogin('/api/users/login')(from)).status).toBe(401)
    expect(refusedBy(await restLogin('/api/users/login')(from))).toBe('login-per-address')
  })

  it('are shared by two server processes on the same database', async () => {
    second = await startTestServer({ env: { DATABASE_URI: stack.server.database!.uri } })
    const from = freshAddress()
    expect((await restLogin('/api/users/login', undefined, 'wrong', stack.server.url)(from)).status).toBe(401)
    expect((await restLogin('/api/users/login', undefined, 'wrong', second.url)(from)).status).toBe(401)
    expect((await restLogin('/api/users/login', undefined, 'wrong', stack.server.url)(from)).status).toBe(401)
    expect(refusedBy(await restLogin('/api/users/login', undefined, 'wrong', second.url)(from))).toBe('login-per-address')
    expect(refusedBy(await restLogin('/api/users/login', undefined, 'wrong', stack.server.url)(from))).toBe('login-per-address')
  }, 180_000)
})

describe('failed logins per account', () => {
  it('count from every address and the Local API, and refuse even the right password once over the limit', async () => {
    // LOGIN_RATE_PER_ACCOUNT is 3: below Payload's own lockout (5 failures), which stays out of the way.
    await expect(stack.payload.login({ collection: 'users', data: { email: users.carol, password: 'wrong' } })).rejects.toThrow()
    expect((await restLogin('/api/users/login', users.carol)(freshAddress())).status).toBe(401)
    const viaGraphql = await gql(`mutation { loginUser(email: "${users.carol.toUpperCase()}", password: "wrong") { token } }`, freshAddress())
    expect(refusedBy(viaGraphql), JSON.stringify(viaGraphql.body)).toBeUndefined()
    const from = freshAddress()
    expect(refusedBy(await restLogin('/api/users/login', users.carol, PASSWORD)(from))).toBe('login-per-account')
    await expect(stack.payload.login({ collection: 'users', data: { email: users.carol, password: PASSWORD } })).rejects.toMatchObject({ status: 429 })
    // Another account from the same address signs in.
    expect((await restLogin('/api/users/login', users.dave, PASSWORD)(from)).status).toBe(200)
  })
})

describe("an admin's unlock", () => {
  const PER_ACCOUNT = Number(LIMITS.LOGIN_RATE_PER_ACCOUNT)
  const FORGOT_PER_ACCOUNT = Number(LIMITS.FORGOT_PASSWORD_RATE_PER_ACCOUNT)
  const forgot = (email: string) => post(stack.server.url, '/api/users/forgot-password', { email }, freshAddress())

  /** What anyone who knows the email can do: use up its failed logins and its reset emails. */
  async function lockOut(email: string) {
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await restLogin('/api/users/login', email)(freshAddress())).status).toBe(401)
    for (let i = 0; i < FORGOT_PER_ACCOUNT; i++) expect((await forgot(email)).status).toBe(200)
    expect(refusedBy(await restLogin('/api/users/login', email, PASSWORD)(freshAddress()))).toBe('login-per-account')
    expect(refusedBy(await forgot(email))).toBe('forgot-password-per-account')
  }

  const unlocks: { email: string; name: string; unlock: (email: string) => Promise<unknown> }[] = [
    {
      email: users.unlockedByRest,
      name: 'REST',
      unlock: async (email) => expect((await stack.admin.rest('POST', '/users/unlock', { email })).status).toBe(200),
    },
    {
      email: users.unlockedByGraphql,
      name: 'GraphQL unlockUser',
      unlock: async (email) => expect((await stack.admin.gql(`mutation { unlockUser(email: "${email}") }`)).body).toEqual({ data: { unlockUser: true } }),
    },
    {
      email: users.unlockedByLocalApi,
      name: 'the Local API',
      unlock: async (email) => {
        const { docs } = await stack.payload.find({ collection: 'users', where: { email: { equals: STACK_ADMIN.email } } })
        const admin = { ...docs[0]!, collection: 'users' as const }
        expect(await stack.payload.unlock({ collection: 'users', data: { email, password: '' }, overrideAccess: false, req: { user: admin } })).toBe(true)
      },
    },
  ]

  for (const { email, name, unlock } of unlocks) {
    it(`through ${name} clears the account's failed logins and reset requests`, async () => {
      await lockOut(email)
      await unlock(email.toUpperCase())
      const login = await restLogin('/api/users/login', email, PASSWORD)(freshAddress())
      expect(login.status, JSON.stringify(login.body)).toBe(200)
      expect((await forgot(email)).status).toBe(200)
    })
  }
})

describe('password-reset requests', () => {
  it('are limited per address over REST (any spelling) and GraphQL', async () => {
    const rest = freshAddress()
    expect((await post(stack.server.url, '/api/users/forgot-password', { email: unknownEmail() }, rest)).status).toBe(200)
    expect((await post(stack.server.url, '/api/users/forgot-%70assword', { email: unknownEmail() }, rest)).status).toBe(200)
    expect(refusedBy(await post(stack.server.url, '/api/users/forgot-password', { email: unknownEmail() }, rest))).toBe('forgot-password-per-address')

    const viaGraphql = freshAddress()
    const forgot = () => gql(`mutation { forgotPasswordUser(email: "${unknownEmail()}") }`, viaGraphql)
    for (let i = 0; i < FORGOT; i++) expect(refusedBy(await forgot())).toBeUndefined()
    expect(refusedBy(await forgot())).toBe('forgot-password-per-address')
  })

  it('are limited per account from any address', async () => {
    const email = unknownEmail()
    for (let i = 0; i < FORGOT; i++) expect((await post(stack.server.url, '/api/users/forgot-password', { email }, freshAddress())).status).toBe(200)
    const viaGraphql = await gql(`mutation { forgotPasswordUser(email: "${email}") }`, freshAddress())
    expect(refusedBy(viaGraphql)).toBe('forgot-password-per-account')
    expect(viaGraphql.headers['retry-after']).toBeDefined()
  })
})
