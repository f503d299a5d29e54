/**
 * Site status: each webhook endpoint's last delivery in the few words an editor needs — how it
 * ended, when, how long it took, what the receiver answered, for which events — and nothing
 * more: no items, no answer body or error text, no URL, headers or secrets. Endpoints and
 * deliveries stay admins' to read on every door (REST, GraphQL, Local API); this read, and
 * Redeliver, are what editors get of them (`GET /api/webhook-deliveries/site-status`).
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { Forbidden } from 'payload'

import { hasRole } from '../../src/access/roles'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../slugs'

export type SiteStatusRow = {
  webhook: { id: number | string; name: string }
  /** The newest delivery to the endpoint, or null before the first. */
  last: null | {
    id: number | string
    status: string
    eventTypes: string[]
    /** When its last attempt ended (or the delivery last changed, before any attempt). */
    at: string
    attempts: number
    durationMs?: number
    statusCode?: number
  }
}

type Attempt = { at?: string; durationMs?: number; statusCode?: number }

/** Who sees the site status and may redeliver: editors and admins, not authors or visitors. */
export const watchesSite = (user: PayloadRequest['user']) => hasRole(user, 'admin', 'editor')

const ENDPOINTS_SHOWN = 20

/** Read with the system's rights: call it only for a user `watchesSite` allows. */
export async function siteStatus(req: PayloadRequest): Promise<SiteStatusRow[]> {
  const { payload } = req
  const endpoints = await payload.find({
    collection: WEBHOOKS,
    depth: 0,
    limit: ENDPOINTS_SHOWN,
    overrideAccess: true,
    req,
    select: { name: true },
    sort: 'name',
  })
  return Promise.all(
    endpoints.docs.map(async (endpoint): Promise<SiteStatusRow> => {
      const { docs } = await payload.find({
        collection: WEBHOOK_DELIVERIES,
        depth: 0,
        limit: 1,
        overrideAccess: true,
        pagination: false,
        req,
        select: { attempts: true, eventTypes: true, status: true, updatedAt: true },
        sort: '-createdAt',
        where: { webhook: { equals: endpoint.id } },
      })
      const delivery = docs[0]
      const webhook = { id: endpoint.id, name: endpoint.name }
      if (!delivery) return { last: null, webhook }
      const attempts = (Array.isArray(delivery.attempts) ? delivery.attempts : []) as Attempt[]
      const attempt = attempts.at(-1)
      return {
        last: {
          at: attempt?.at ?? delivery.updatedAt,
          attempts: attempts.length,
          eventTypes: Array.isArray(delivery.eventTypes) ? delivery.eventTypes.map(String) : [],
          id: delivery.id,
          status: delivery.status ?? 'pending',
          ...(typeof attempt?.durationMs === 'number' ? { durationMs: attempt.durationMs } : {}),
          ...(typeof attempt?.statusCode === 'number' ? { statusCode: attempt.statusCode } : {}),
        },
        webhook,
      }
    }),
  )
}

export const siteStatusEndpoint: Endpoint = {
  handler: async (req) => {
    if (!watchesSite(req.user)) throw new Forbidden(req.t)
    return Response.json({ endpoints: await siteStatus(req) }, { headers: { 'cache-control': 'no-store' } })
  },
  method: 'get',
  path: '/site-status',
}
