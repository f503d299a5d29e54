/** Small helpers for calling the running host like a frontend developer would. */
export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  const text = await response.text()
  try {
    return JSON.parse(text) as T
  } catch {
    throw new Error(`Expected JSON from ${response.url} (${response.status}), got: ${text.slice(0, 300)}`)
  }
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/users/login`, {
    body: JSON.stringify({ email, password }),
    headers: { 'content-type': 'application/json' },
    method: 'POST',
  })
  const body = await json<{ token?: string }>(response)
  if (response.status !== 200 || !body.token) throw new Error(`login failed (${response.status}): ${JSON.stringify(body)}`)
  return body.token
}

export function graphql(baseUrl: string, query: string, token?: string): Promise<Response> {
  return fetch(`${baseUrl}/api/graphql`, {
    body: JSON.stringify({ query }),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
    method: 'POST',
  })
}
