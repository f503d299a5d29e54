/**
 * Limits on guessing passwords and reset tokens, counted where Payload performs the attempt (its
 * `login`, `resetPassword` and `forgotPassword` operations), so every door counts alike: REST
 * under any spelling of its path, GraphQL (`loginUser`, `resetPasswordUser`,
 * `forgotPasswordUser`) and the Local API.
 *
 * - Failed logins and failed password resets per client address (LOGIN_RATE_PER_IP a minute).
 *   Requests without an address (the Local API) are counted per account only.
 * - Failed logins per account (LOGIN_RATE_PER_ACCOUNT an hour), whichever address they come from.
 * - Password-reset emails requested per address and per account (FORGOT_PASSWORD_RATE_PER_IP,
 *   FORGOT_PASSWORD_RATE_PER_ACCOUNT an hour); every request counts, as each may send an email.
 *
 * The per-account limits refuse even the right password while they last, so anyone who knows an
 * email can lock its owner out for a while; an admin's unlock (Payload's `unlock` operation, at
 * every door) therefore clears the account's counts too, and a password reset clears its failed
 * logins.
 *
 * An attempt is counted before Payload checks it and given back once it succeeds: counting only
 * after a failure would let a burst of parallel guesses through before the first one failed, and
 * giving successes back keeps a newsroom behind one address from locking itself out.
 *
 * The address comes from the express host (src/host/clientAddress.ts), which overwrites whatever
 * a client sends under that header. Counts are shared by every server process (sharedRateLimiter).
 */
import type { CollectionAfterOperationHook, CollectionBeforeOperationHook, CollectionConfig, Config, Field, Payload, PayloadRequest } from 'payload'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'

import { APIError } from 'payload'

import { CLIENT_ADDRESS_HEADER } from '../../src/host/clientAddress'
import { appendHooks } from '../../src/plugins/collectionOverrides'
import { limitedAddress, limiterKey, overLimit, sharedRateLimiter } from '../../src/rateLimits/sharedRateLimiter'
import { positiveIntegerFromEnv } from '../../src/utilities/envNumber'

/** `errors[].data.code` over REST, `errors[].extensions.code` over GraphQL. */
export const RATE_LIMITED = 'RATE_LIMITED'

const MINUTE = 60
const HOUR = 60 * 60

/** Attempts allowed per window; see the README's settings table. */
export type AuthAttemptSettings = {
  /** Password-reset requests per account an hour. */
  forgotPerAccount: number
  /** Password-reset requests per address an hour. */
  forgotPerAddress: number
  /** Failed logins per account an hour. */
  loginPerAccount: number
  /** Failed logins and password resets per address a minute. */
  loginPerAddress: number
}

/** Read when the config is built, so a bad value stops start-up instead of failing logins. */
export const authAttemptSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): AuthAttemptSettings => ({
  forgotPerAccount: positiveIntegerFromEnv('FORGOT_PASSWORD_RATE_PER_ACCOUNT', 3, env),
  forgotPerAddress: positiveIntegerFromEnv('FORGOT_PASSWORD_RATE_PER_IP', 10, env),
  loginPerAccount: positiveIntegerFromEnv('LOGIN_RATE_PER_ACCOUNT', 10, env),
  loginPerAddress: positiveIntegerFromEnv('LOGIN_RATE_PER_IP', 10, env),
})

type Limiters = { [name in keyof AuthAttemptSettings]: RateLimiterAbstract }

/** The limiter keys of one attempt; `undefined` where the request does not say. */
function keysOf(req: PayloadRequest, email: unknown) {
  const address = req.headers?.get(CLIENT_ADDRESS_HEADER)
  // Payload compares emails trimmed and in lower case; so must the count.
  const account = typeof email === 'string' && email.trim() ? email.trim().toLowerCase() : undefined
  return {
    account: account ? limiterKey(req.payload.secret, 'account', account) : undefined,
    address: address ? limiterKey(req.payload.secret, 'address', limitedAddress(address)) : undefined,
  }
}

function refuse(req: PayloadRequest, seconds: number, limit: string, message: string): never {
  req.responseHeaders = new Headers(req.responseHeaders)
  req.responseHeaders.set('Retry-After', String(seconds))
  throw new APIError(`${message}; try again in ${seconds} s.`, 429, { code: RATE_LIMITED, limit, retryAfter: seconds }, true)
}

/** Counts one attempt against each limiter that has a key; refuses the first one over its limit. */
async function count(req: PayloadRequest, checks: [RateLimiterAbstract, string | undefined, string, string][]): Promise<void> {
  for (const [limiter, key, limit, message] of checks) {
    if (!key) continue
    const wait = await overLimit(limiter, key)
    if (wait) refuse(req, wait, limit, message)
  }
}

/** Gives a successful attempt's count back, never below zero (which would buy extra guesses). */
async function giveBack(limiter: RateLimiterAbstract, key: string | undefined): Promise<void> {
  if (!key) return
  const current = await limiter.get(key)
  if (current && current.consumedPoints > 0) await limiter.reward(key)
}

/** The users collection's hooks that count attempts and give successful ones back. */
function authAttemptLimits(settings: AuthAttemptSettings): {
  afterOperation: CollectionAfterOperationHook
  beforeOperation: CollectionBeforeOperationHook
} {
  const byPayload = new WeakMap<Payload, Promise<Limiters>>()
  const limitersOf = (payload: Payload) => {
    let created = byPayload.get(payload)
    if (!created) {
      const limit = (keyPrefix: string, points: number, durationSeconds: number) => sharedRateLimiter(payload, { durationSeconds, keyPrefix, points })
      created = (async () => ({
        forgotPerAccount: await limit('forgot-account', settings.forgotPerAccount, HOUR),
        forgotPerAddress: await limit('forgot-ip', settings.forgotPerAddress, HOUR),
        loginPerAccount: await limit('login-account', settings.loginPerAccount, HOUR),
        loginPerAddress: await limit('login-ip', settings.loginPerAddress, MINUTE),
      }))()
      byPayload.set(payload, created)
    }
    return created
  }
  return {
    afterOperation: ({ args, operation, req, result }) => forgiveSuccess(limitersOf, { args, operation, req, result }),
    beforeOperation: async ({ args, operation, req }) => {
      await countAttempt(limitersOf, { args, operation, req })
      return args
    },
  }
}

type LimitersOf = (payload: Payload) => Promise<Limiters>
type Attempt = { args: unknown; operation: string; req: PayloadRequest }

async function countAttempt(limitersOf: LimitersOf, { args, operation, req }: Attempt): Promise<void> {
  if (operation !== 'login' && operation !== 'resetPassword' && operation !== 'forgotPassword') return
  const limiters = await limitersOf(req.payload)
  const { account, address } = keysOf(req, (args as { data?: { email?: unknown } }).data?.email)
  switch (operation) {
    case 'login':
      await count(req, [
        [limiters.loginPerAddress, address, 'login-per-address', 'Too many failed logins or password resets from this address'],
        [limiters.loginPerAccount, account, 'login-per-account', 'Too many failed logins for this account'],
      ])
      break
    case 'resetPassword':
      await count(req, [[limiters.loginPerAddress, address, 'login-per-address', 'Too many failed logins or password resets from this address']])
      break
    case 'forgotPassword':
      await count(req, [
        [limiters.forgotPerAddress, address, 'forgot-password-per-address', 'Too many password reset requests from this address'],
        [limiters.forgotPerAccount, account, 'forgot-password-per-account', 'Too many password reset requests for this account'],
      ])
  }
}

async function forgiveSuccess<T>(limitersOf: LimitersOf, { args, operation, req, result }: Attempt & { result: T }): Promise<T> {
  if (operation !== 'login' && operation !== 'resetPassword' && operation !== 'unlock') return result
  const limiters = await limitersOf(req.payload)
  if (operation === 'unlock') {
    // Reached only once Payload has checked the unlock's access and found the account.
    const { account } = keysOf(req, (args as { data?: { email?: unknown } }).data?.email)
    if (account) await Promise.all([limiters.loginPerAccount.delete(account), limiters.forgotPerAccount.delete(account)])
    return result
  }
  if (operation === 'login') {
    const { account, address } = keysOf(req, (args as { data?: { email?: unknown } }).data?.email)
    await giveBack(limiters.loginPerAddress, address)
    await giveBack(limiters.loginPerAccount, account)
  } else {
    // A new password ends the account's failed logins, as it ends Payload's lockout.
    const { account, address } = keysOf(req, (result as { user?: { email?: unknown } } | undefined)?.user?.email)
    await giveBack(limiters.loginPerAddress, address)
    if (account) await limiters.loginPerAccount.delete(account)
  }
  return result
}

/**
 * The users collection with these limits. Payload's own spacing of reset emails
 * (`forgotPassword.minRequestInterval`) is turned off: it writes outside the operation's
 * transaction, which on SQLite waits for that very transaction (every write of the server then
 * stalled for a minute); the per-account limit spaces them instead. Its column stays, unused, so
 * the schema does not change.
 */
export function withAuthAttemptLimits(collection: CollectionConfig, settings: AuthAttemptSettings): CollectionConfig {
  const hooks = authAttemptLimits(settings)
  const auth = typeof collection.auth === 'object' ? collection.auth : {}
  const keptColumn: Field = { name: 'resetPasswordRequestedAt', type: 'date', access: { create: () => false, update: () => false }, hidden: true }
  return {
    ...collection,
    auth: { ...auth, forgotPassword: { ...auth.forgotPassword, minRequestInterval: 0 } },
    fields: [...collection.fields, keptColumn],
    hooks: appendHooks(collection.hooks, { afterOperation: [hooks.afterOperation], beforeOperation: [hooks.beforeOperation] }),
  }
}

/**
 * Payload's GraphQL errors carry the error's `data` but no `code`; clients look for one.
 * Added to the config's afterError hooks, after any already there.
 */
export function withRateLimitCode(config: Config): Config {
  const addCode: NonNullable<NonNullable<Config['hooks']>['afterError']>[number] = ({ error, graphqlResult }) => {
    const data = (error as { originalError?: { data?: { code?: unknown } } }).originalError?.data
    if (!graphqlResult || data?.code !== RATE_LIMITED) return
    return { graphqlResult: { ...graphqlResult, extensions: { ...graphqlResult.extensions, code: RATE_LIMITED } } }
  }
  return { ...config, hooks: { ...config.hooks, afterError: [...(config.hooks?.afterError ?? []), addCode] } }
}
