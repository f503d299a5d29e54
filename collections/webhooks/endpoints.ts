/**
 * Actions on webhooks: rotate an endpoint's secret (the old one keeps signing beside the new one
 * for 24 hours) and send a test event, for admins; redeliver a delivery (same webhook-id, fresh
 * timestamp and signature), for admins and editors — the site status's button.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { randomUUID } from 'node:crypto'
import { APIError, Forbidden, NotFound } from 'payload'

import { hasRole } from '../../src/access/roles'
import { relationId } from '../../src/utilities/relationId'
import { newSecret } from '../../src/webhooks/signDelivery'
import { noteDelivery, queueDeliveryJob } from '../../hooks/contentEvents/queueDeliveries'
import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../slugs'
import { watchesSite } from './siteStatus'

export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000

function adminOnly(req: PayloadRequest) {
  if (!hasRole(req.user, 'admin')) throw new Forbidden(req.t)
}

async function endpointOf(req: PayloadRequest) {
  const doc = await req.payload.findByID({ collection: WEBHOOKS, depth: 0, disableErrors: true, id: req.routeParams?.id as string, overrideAccess: true, req })
  if (!doc) throw new NotFound(req.t)
  return doc as unknown as { declaredInConfig?: boolean | null; id: number | string; secret?: null | string }
}

export const rotateSecretEndpoint: Endpoint = {
  handler: async (req) => {
    adminOnly(req)
    const endpoint = await endpointOf(req)
    if (endpoint.declaredInConfig) throw new APIError('This endpoint is declared in the config: change its secret there.', 409, null, true)
    const secret = newSecret()
    await req.payload.update({
      collection: WEBHOOKS,
      data: { previousSecret: endpoint.secret, previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS).toISOString(), secret },
      id: endpoint.id,
      overrideAccess: true,
      req,
    })
    return Response.json({ secret })
  },
  method: 'post',
  path: '/:id/rotate-secret',
}

export const sendTestEndpoint: Endpoint = {
  handler: async (req) => {
    adminOnly(req)
    const endpoint = await endpointOf(req)
    const delivery = await req.payload.create({
      collection: WEBHOOK_DELIVERIES,
      data: {
        eventTypes: ['webhook.test'],
        items: [],
        sendAt: new Date().toISOString(),
        status: 'pending',
        webhook: endpoint.id as number,
        messageId: `msg_${randomUUID()}`,
      },
      overrideAccess: true,
      req,
    })
    const job = await queueDeliveryJob(req, delivery.id, endpoint.id, new Date())
    await noteDelivery(req, delivery.id, { job })
    return Response.json({ delivery: delivery.id }, { status: 202 })
  },
  method: 'post',
  path: '/:id/test',
}

export const redeliverEndpoint: Endpoint = {
  handler: async (req) => {
    if (!watchesSite(req.user)) throw new Forbidden(req.t)
    const delivery = await req.payload.findByID({
      collection: WEBHOOK_DELIVERIES,
      depth: 0,
      disableErrors: true,
      id: req.routeParams?.id as string,
      overrideAccess: true,
      req,
    })
    if (!delivery) throw new NotFound(req.t)
    const webhook = relationId(delivery.webhook)
    if (webhook === undefined) throw new NotFound(req.t)
    const endpoint = await req.payload.findByID({ collection: WEBHOOKS, depth: 0, disableErrors: true, id: webhook, overrideAccess: true, req, select: { active: true } })
    // Queued, it would never go out: the runner sends only to active endpoints.
    if (endpoint && endpoint.active === false) throw new APIError('This endpoint is turned off: turn it on to redeliver.', 409)
    const now = new Date()
    const job = await queueDeliveryJob(req, delivery.id, webhook, now)
    // Due now, whatever a retry had been waiting for; and closed to new changes (see `gathering`
    // in hooks/contentEvents/queueDeliveries.ts).
    await noteDelivery(req, delivery.id, { firstChangeAt: null, job, sendAt: now.toISOString(), status: 'pending' })
    return Response.json({ delivery: delivery.id }, { status: 202 })
  },
  method: 'post',
  path: '/:id/redeliver',
}
