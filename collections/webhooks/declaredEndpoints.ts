/**
 * Webhook endpoints declared in the config, for sites that keep them in code: on start-up each
 * is written to the `webhooks` collection (matched by name, created or brought up to date),
 * and a declared endpoint no longer in the config is turned off. The API cannot change them.
 */
import type { Payload } from 'payload'

import type { EventType } from '../../src/webhooks/events'

import { WEBHOOKS } from '../slugs'
import { WRITING_DECLARED_ENDPOINT } from './hooks/secret'

export type DeclaredEndpoint = {
  /** @default 10 in deploy mode, 0 in event mode */
  coalesceSeconds?: number
  events: ('*' | EventType)[]
  headers?: { name: string; value: string }[]
  /** @default 'event' */
  mode?: 'deploy' | 'event'
  /** Unique: it identifies the endpoint across restarts. */
  name: string
  /** `whsec_` and base64 of at least 32 random bytes, e.g. from an environment variable. */
  secret: string
  url: string
}

/** Checked when the config is built, so a bad secret stops start-up before anything connects. */
export function checkSecret({ name, secret }: DeclaredEndpoint) {
  const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret ?? '')?.[1]
  if (!key || Buffer.from(key, 'base64').length < 32) {
    throw new Error(`Webhook endpoint "${name}": secret must be "whsec_" and the base64 of at least 32 random bytes.`)
  }
}

export async function syncDeclaredEndpoints(payload: Payload, endpoints: DeclaredEndpoint[]): Promise<void> {
  const context = { [WRITING_DECLARED_ENDPOINT]: true }
  const { docs: existing } = await payload.find({ collection: WEBHOOKS, depth: 0, pagination: false, where: { declaredInConfig: { equals: true } } })
  for (const endpoint of endpoints) {
    const data = {
      active: true,
      coalesceSeconds: endpoint.coalesceSeconds ?? null,
      declaredInConfig: true,
      events: endpoint.events,
      headers: endpoint.headers ?? [],
      mode: endpoint.mode ?? 'event',
      name: endpoint.name,
      secret: endpoint.secret,
      url: endpoint.url,
    }
    const match = existing.find((doc) => doc.name === endpoint.name)
    if (match) await payload.update({ collection: WEBHOOKS, context, data, id: match.id })
    else await payload.create({ collection: WEBHOOKS, context, data })
  }
  for (const gone of existing.filter((doc) => !endpoints.some((endpoint) => endpoint.name === doc.name))) {
    await payload.update({ collection: WEBHOOKS, context, data: { active: false, disabledReason: 'No longer declared in the config.' }, id: gone.id })
  }
}
