/**
 * What one anonymous REST request may ask for: a page of at most `maxLimit` documents (never
 * "all of them": `limit=0`, `pagination=false`), joins of at most `maxLimit` each, populated at
 * most `maxDepth` levels deep. Without these, one `GET /api/related-links?limit=0&depth=10`
 * reads every row and everything it points at. Signed-in users keep Payload's own bounds
 * (`maxDepth` in payload.config.ts). GraphQL has its own limits (src/graphql).
 */
import type { Payload } from 'payload'

import { executeAuthStrategies } from 'payload'

import type { Problem } from './refuse'

import { positiveIntegerFromEnv } from '../utilities/envNumber'

export type PublicReadLimits = {
  /** Deepest population an anonymous request may ask for (`depth`). `PUBLIC_MAX_DEPTH`. @default 3 */
  maxDepth: number
  /**
   * Most joined documents one anonymous request may ask for: its page size (default 10) times
   * the join limits it names, summed. `PUBLIC_MAX_JOINED`. @default 1000
   */
  maxJoined: number
  /** Largest page (`limit`) and join page (`joins[field][limit]`) an anonymous request may ask for. `PUBLIC_MAX_LIMIT`. @default 100 */
  maxLimit: number
}

export const DEFAULT_PUBLIC_READ_LIMITS: PublicReadLimits = { maxDepth: 3, maxJoined: 1000, maxLimit: 100 }

/** Payload's page size when a request names none. */
const DEFAULT_PAGE_SIZE = 10

export function publicReadLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): PublicReadLimits {
  return {
    maxDepth: positiveIntegerFromEnv('PUBLIC_MAX_DEPTH', DEFAULT_PUBLIC_READ_LIMITS.maxDepth, env),
    maxJoined: positiveIntegerFromEnv('PUBLIC_MAX_JOINED', DEFAULT_PUBLIC_READ_LIMITS.maxJoined, env),
    maxLimit: positiveIntegerFromEnv('PUBLIC_MAX_LIMIT', DEFAULT_PUBLIC_READ_LIMITS.maxLimit, env),
  }
}

const SIGN_IN = 'without signing in'

/**
 * The first thing `query` asks for that an anonymous request may not, or null. Its shape is
 * already checked (queryParams.ts): numbers are whole numbers in range, `joins` is well formed.
 */
export function publicReadProblem(query: Record<string, unknown>, limits: PublicReadLimits): null | Problem {
  const pageProblem = (value: unknown, path: string): null | Problem =>
    value !== undefined && (Number(value) < 1 || Number(value) > limits.maxLimit)
      ? { message: `${String(value)} is not allowed ${SIGN_IN}; ${path} must be from 1 to ${limits.maxLimit}.`, path }
      : null
  const limitProblem = pageProblem(query.limit, 'limit')
  if (limitProblem) return limitProblem
  if (query.pagination === 'false') {
    return { message: `all documents at once are not available ${SIGN_IN}; page through them with limit (at most ${limits.maxLimit}) and page.`, path: 'pagination' }
  }
  if (query.depth !== undefined && Number(query.depth) > limits.maxDepth) {
    return { message: `${String(query.depth)} is not allowed ${SIGN_IN}; depth must be from 0 to ${limits.maxDepth}.`, path: 'depth' }
  }
  if (isRecord(query.joins)) {
    let joinedPerDocument = 0
    for (const [field, join] of Object.entries(query.joins)) {
      const problem = isRecord(join) ? pageProblem(join.limit, `joins[${field}][limit]`) : null
      if (problem) return problem
      if (isRecord(join) && join.limit !== undefined) joinedPerDocument += Number(join.limit)
    }
    // Each join is a page per document: a page of 100 articles with joins of 100 is 10,000
    // joined documents (tens of MB held until sent), not "a page".
    const pageSize = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit)
    if (pageSize * joinedPerDocument > limits.maxJoined) {
      return {
        message: `${pageSize} documents × ${joinedPerDocument} joined each is more than ${limits.maxJoined} joined documents ${SIGN_IN}; ask for a smaller page or smaller join limits.`,
        path: 'joins',
      }
    }
  }
  return null
}

/** Whether the request carries credentials one of Payload's auth strategies accepts (a bogus token is anonymous). */
export async function isSignedIn(payload: Payload, request: Request): Promise<boolean> {
  const { user } = await executeAuthStrategies({ canSetHeaders: false, headers: request.headers, payload })
  return Boolean(user)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
