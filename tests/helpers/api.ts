/** A REST and GraphQL client for one running server, acting as one user (or anonymously). */
import { json } from './http'

export type ApiResponse<T = any> = { body: T; status: number }

export type Api = {
  gql: <T = any>(query: string, variables?: Record<string, unknown>) => Promise<ApiResponse<T>>
  rest: <T = any>(method: string, path: string, body?: unknown) => Promise<ApiResponse<T>>
  token?: string
}

export function api(baseUrl: string, token?: string): Api {
  const headers = (extra: Record<string, string> = {}) => ({ ...extra, ...(token ? { authorization: `JWT ${token}` } : {}) })
  return {
    gql: async (query, variables) => {
      const response = await fetch(`${baseUrl}/api/graphql`, {
        body: JSON.stringify({ query, variables }),
        headers: headers({ 'content-type': 'application/json' }),
        method: 'POST',
      })
      return { body: await json(response), status: response.status }
    },
    rest: async (method, path, body) => {
      const response = await fetch(`${baseUrl}/api${path}`, {
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        method,
      })
      return { body: await json(response), status: response.status }
    },
    token,
  }
}

/** The field paths a Payload validation error names, e.g. ['title']. */
export function invalidPaths(body: any): string[] {
  return (body?.errors ?? []).flatMap((error: any) => (error?.data?.errors ?? []).map((e: any) => e.path))
}

/** The HTTP status GraphQL reports in each error's extensions. */
export function gqlStatuses(body: any): number[] {
  return (body?.errors ?? []).map((error: any) => error?.extensions?.statusCode)
}

/** The GraphQL type of a document id in query variables: Int on SQLite and PostgreSQL, String (an ObjectId) on MongoDB. */
export const gqlIdType = (id: number | string): 'Int' | 'String' => (typeof id === 'number' ? 'Int' : 'String')
