'use client'
/**
 * The site status rows, and their Redeliver buttons. A redelivery is queued through
 * `POST /api/webhook-deliveries/:id/redeliver`; the list then reads the status again each second
 * (`GET /api/webhook-deliveries/site-status`) until the redelivery's attempt has ended, so the
 * row shows how it went without a reload.
 */
import { Button, useConfig } from '@payloadcms/ui'
import React, { useEffect, useRef, useState } from 'react'

import type { SiteStatusRow } from '../siteStatus'

import { Chips } from './EventTypeChips'

const POLL_MS = 1000
/** Past the runner's pass (each second) and a slow receiver's 15 s timeout, with room to spare. */
const GIVE_UP_MS = 60_000

export function ago(from: Date | string, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(from).getTime()) / 1000))
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`
  return `${Math.floor(seconds / 86_400)} d ago`
}

const inFlight = (status: string) => status === 'pending' || status === 'sending'

export function SiteStatusList({ renderedAt, rows: initialRows }: { renderedAt: string; rows: SiteStatusRow[] }) {
  const { config } = useConfig()
  const deliveriesApi = `${config.serverURL}${config.routes.api}/webhook-deliveries`
  const [rows, setRows] = useState(initialRows)
  // The server's clock first, so the page renders the same on both sides; the browser's once it reads again.
  const [now, setNow] = useState(() => new Date(renderedAt))
  const [notes, setNotes] = useState<Record<string, string>>({})
  const mounted = useRef(true)
  useEffect(() => () => void (mounted.current = false), [])
  const note = (webhook: SiteStatusRow['webhook'], text: string) => setNotes((current) => ({ ...current, [String(webhook.id)]: text }))

  const readAgain = async (): Promise<SiteStatusRow[] | undefined> => {
    const response = await fetch(`${deliveriesApi}/site-status`, { cache: 'no-store', credentials: 'include' }).catch(() => undefined)
    if (!response?.ok || !mounted.current) return undefined
    const { endpoints } = (await response.json()) as { endpoints: SiteStatusRow[] }
    setRows(endpoints)
    setNow(new Date())
    return endpoints
  }

  const redeliver = async ({ last, webhook }: SiteStatusRow) => {
    if (!last) return
    note(webhook, 'Queuing…')
    const response = await fetch(`${deliveriesApi}/${last.id}/redeliver`, { credentials: 'include', method: 'POST' })
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] }
      note(webhook, body.errors?.[0]?.message ?? `Failed (${response.status}).`)
      return
    }
    note(webhook, 'Queued: it goes out within a few seconds.')
    const deadline = Date.now() + GIVE_UP_MS
    while (mounted.current && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      const fresh = (await readAgain())?.find((row) => String(row.webhook.id) === String(webhook.id))?.last
      // Done once this delivery has a new attempt that ended, or a newer delivery took its place.
      const ended = fresh && !inFlight(fresh.status) && (String(fresh.id) !== String(last.id) || fresh.attempts > last.attempts)
      if (ended) return note(webhook, `Redelivered: ${fresh.status}${fresh.statusCode ? ` (HTTP ${fresh.statusCode})` : ''}.`)
    }
    if (mounted.current) note(webhook, 'Still going out: reload later to see how it ended.')
  }

  return (
    <section className="field-type" data-testid="site-status" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <div className="field-label">Site status</div>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {rows.map((row) => {
          const { last, webhook } = row
          const noteText = notes[String(webhook.id)]
          return (
            <li
              data-attempts={last?.attempts ?? 0}
              data-delivery={last?.id}
              data-status={last?.status ?? 'none'}
              data-webhook={webhook.id}
              key={webhook.id}
              style={{ marginBottom: 'var(--base)' }}
            >
              <strong>{webhook.name}</strong>:{' '}
              {!last ? (
                'nothing delivered yet'
              ) : (
                <>
                  <span
                    data-testid="site-status-summary"
                    style={{ color: last.status === 'succeeded' ? 'var(--theme-success-500)' : inFlight(last.status) ? undefined : 'var(--theme-error-500)' }}
                  >
                    {last.status} {ago(last.at, now)}
                    {last.durationMs !== undefined ? `, ${last.durationMs} ms` : ''}
                    {last.statusCode ? ` (HTTP ${last.statusCode})` : last.attempts > 0 && last.status !== 'succeeded' ? ' (no answer)' : ''}
                  </span>{' '}
                  <Chips value={last.eventTypes} />
                  <div style={{ marginTop: 'calc(var(--base) / 4)' }}>
                    <Button buttonStyle="secondary" margin={false} onClick={() => void redeliver(row)} size="small">
                      Redeliver
                    </Button>
                    {noteText ? <p role="status">{noteText}</p> : null}
                  </div>
                </>
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
