/** One account per role, created directly (Local API) and logged in over HTTP. */
import type { Payload } from 'payload'

import { type Api, api } from './api'
import { login } from './http'

export type RoleName = 'admin' | 'anonymous' | 'author' | 'editor' | 'otherAuthor'

export type RoleClients = Record<RoleName, Api> & { ids: Record<Exclude<RoleName, 'anonymous'>, any> }

export async function seedRoleClients(payload: Payload, baseUrl: string): Promise<RoleClients> {
  const accounts = {
    admin: ['admin'],
    author: ['author'],
    editor: ['editor'],
    otherAuthor: ['author'],
  } as const
  const ids = {} as RoleClients['ids']
  const clients = { anonymous: api(baseUrl) } as RoleClients
  for (const [name, roles] of Object.entries(accounts) as [keyof typeof accounts, readonly ('admin' | 'author' | 'editor')[]][]) {
    const email = `${name.toLowerCase()}@example.com`
    const password = `${name}-password-long-enough`
    const user = await payload.create({ collection: 'users', data: { email, name, password, roles: [...roles] } })
    ids[name] = user.id
    clients[name] = api(baseUrl, await login(baseUrl, email, password))
  }
  clients.ids = ids
  return clients
}
