/**
 * A time budget for each GraphQL query: once it is spent, every document fetch the query still
 * makes is refused, so a query the cost model let through cannot keep the server busy for
 * minutes. Payload runs each collection's `beforeOperation` hooks at the start of every read
 * (root queries, each join, each batch of related documents), and that is where the clock is
 * checked.
 *
 * What it cannot stop: a database query already running (on SQLite it blocks the event loop
 * until it returns), the hooks and field resolution of documents already fetched, and writing
 * the answer. Mutations get no budget: cutting one short half-way could leave half a change.
 */
import type { AfterErrorHook, CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'

export const TIME_BUDGET_EXCEEDED = 'TIME_BUDGET_EXCEEDED'
/** Where the deadline travels: `req.context` is shared by everything one request runs. */
const DEADLINE_KEY = 'graphQLDeadline'

class TimeBudgetExceeded extends APIError {
  readonly code = TIME_BUDGET_EXCEEDED
  constructor(budgetMs: number) {
    const message = `This query used up its time budget of ${budgetMs} ms; ask for fewer documents (smaller limits, fewer nested joins).`
    super(message, 503, { budgetMs }, true)
  }
}

export function startTimeBudget(req: PayloadRequest, budgetMs: number): void {
  req.context[DEADLINE_KEY] = { at: Date.now() + budgetMs, budgetMs }
}

export const refuseFetchesPastTheBudget: CollectionBeforeOperationHook = ({ req }) => {
  const deadline = req.context?.[DEADLINE_KEY] as { at: number; budgetMs: number } | undefined
  if (deadline && Date.now() > deadline.at) throw new TimeBudgetExceeded(deadline.budgetMs)
}

/** Payload reports a thrown error with its status; this adds the code clients match on. */
export const nameTimeBudgetErrors: AfterErrorHook = ({ error, graphqlResult }) => {
  const original = (error as { originalError?: unknown }).originalError ?? error
  if (!graphqlResult || (original as { code?: unknown }).code !== TIME_BUDGET_EXCEEDED) return
  return { graphqlResult: { ...graphqlResult, extensions: { ...graphqlResult.extensions, code: TIME_BUDGET_EXCEEDED } } }
}
