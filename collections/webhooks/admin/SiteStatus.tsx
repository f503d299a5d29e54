/**
 * "Is the site up to date?": each webhook endpoint's last delivery — succeeded or failed, when,
 * how long it took, what the receiver answered — with a Redeliver button (the existing
 * redeliver endpoint). On the dashboard and in an article's sidebar; read as the signed-in
 * user, so only roles that may read deliveries (admins) see it.
 */
import type { Payload, PayloadRequest, TypedUser } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { WEBHOOK_DELIVERIES, WEBHOOKS } from '../../slugs'
import { RedeliverButton } from './WebhookAction'

type Attempt = { at?: string; durationMs?: number; error?: string; statusCode?: number }

const ENDPOINTS_SHOWN = 20

export function ago(from: Date | string, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(from).getTime()) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  return `${Math.floor(seconds / 86_400)} d ago`
}

export async function SiteStatus({ payload, req, user }: { payload: Payload; req?: PayloadRequest; user?: null | TypedUser }) {
  const asUser = req ?? (await createLocalReq({ user: user ?? undefined }, payload))
  const endpoints = await payload
    .find({ collection: WEBHOOKS, depth: 0, limit: ENDPOINTS_SHOWN, overrideAccess: false, req: asUser, select: { name: true, url: true } })
    .catch(() => null)
  if (!endpoints || endpoints.docs.length === 0) return null
  const rows = await Promise.all(
    endpoints.docs.map(async (endpoint) => {
      const { docs } = await payload.find({
        collection: WEBHOOK_DELIVERIES,
        depth: 0,
        limit: 1,
        overrideAccess: false,
        req: asUser,
        select: { attempts: true, status: true, updatedAt: true },
        sort: '-createdAt',
        where: { webhook: { equals: endpoint.id } },
      })
      return { endpoint, last: docs[0] }
    }),
  )
  return (
    <section className="field-type" data-testid="site-status" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <div className="field-label">Site status</div>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map(({ endpoint, last }) => {
          const attempts = (Array.isArray(last?.attempts) ? last.attempts : []) as Attempt[]
          const attempt = attempts.at(-1)
          const answer = attempt?.statusCode ? `HTTP ${attempt.statusCode}` : attempt?.error
          return (
            <li data-status={last?.status ?? 'none'} data-webhook={endpoint.id} key={endpoint.id} style={{ marginBottom: 'var(--base)' }}>
              <strong>{endpoint.name || endpoint.url}</strong>:{' '}
              {!last ? (
                'nothing delivered yet'
              ) : (
                <>
                  <span style={{ color: last.status === 'succeeded' ? 'var(--theme-success-500)' : last.status === 'pending' || last.status === 'sending' ? undefined : 'var(--theme-error-500)' }}>
                    {last.status}
                  </span>{' '}
                  {ago(attempt?.at ?? last.updatedAt)}
                  {attempt?.durationMs !== undefined ? `, ${attempt.durationMs} ms` : ''}
                  {answer ? ` (${answer})` : ''}
                  <RedeliverButton deliveryId={last.id} />
                </>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
