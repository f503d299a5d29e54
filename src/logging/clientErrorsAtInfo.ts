/**
 * A client's mistake is not the server's error: every error with a 4xx status — a read of a
 * document the caller may not see, a refused write, bad input — is logged at INFO with its
 * message, on every door, while 5xx and errors without a status keep ERROR and their stack.
 *
 * Payload picks a level by the error's class name (`loggingLevels`: NotFound, Forbidden and
 * ValidationError at INFO, anything else at ERROR). That misses the 4xx errors thrown as a plain
 * APIError (ours: 403, 409, 429…), and every GraphQL error, which Payload's GraphQL route logs
 * under GraphQL's wrapper class (GraphQLError) whatever it wraps: a not-found over GraphQL was
 * logged at ERROR with a stack, over REST at INFO. So the level is chosen by status, in one
 * place every `logger.error` passes through (pino's logMethod hook), Payload's usual pretty
 * output unchanged.
 */
import type { Config } from 'payload'

import { defaultLoggerOptions } from 'payload'

type LoggerConfig = Extract<NonNullable<Config['logger']>, { options: unknown }>

/** pino's level number for `error`. */
const ERROR_LEVEL = 50

type Logged = { err?: unknown; msg?: unknown }
type ErrorLike = { message?: unknown; originalError?: unknown; status?: unknown }

/**
 * The status an error answers with: its own, or for a GraphQL error the one of the error it
 * wraps. A GraphQL error wrapping nothing was raised by GraphQL itself on reading the query
 * (syntax, validation, variables): the client's.
 */
function statusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined
  const { originalError, status } = err as ErrorLike
  if (typeof status === 'number') return status
  if ((err as { name?: unknown }).name === 'GraphQLError') return originalError ? statusOf(originalError) : 400
  return undefined
}

export const isClientError = (err: unknown) => {
  const status = statusOf(err)
  return status !== undefined && status >= 400 && status < 500
}

/** The config's `logger`: Payload's default output, client errors at INFO. */
export const clientErrorsAtInfoLogger: LoggerConfig = {
  destination: defaultLoggerOptions,
  options: {
    hooks: {
      logMethod(args, method, level) {
        const [first] = args as unknown[]
        const { err, msg } = (first && typeof first === 'object' ? first : {}) as Logged
        if (level < ERROR_LEVEL || !isClientError(err)) return method.apply(this, args)
        // As Payload logs the errors it names at INFO: the message, no stack.
        const message = [msg, (err as ErrorLike).message].filter((part) => typeof part === 'string' && part).join(': ')
        this.info({ msg: message || 'Client error' })
      },
    },
  },
}
