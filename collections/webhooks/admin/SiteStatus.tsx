/**
 * "Is the site up to date?": each webhook endpoint's last delivery — succeeded or failed, when,
 * how long it took, what the receiver answered — with a Redeliver button. On the dashboard and
 * in an article's sidebar, for editors and admins (siteStatus.ts says what they are shown).
 */
import type { Payload, PayloadRequest, TypedUser } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { siteStatus, watchesSite } from '../siteStatus'
import { SiteStatusList } from './SiteStatusList'

export async function SiteStatus({ payload, req, user }: { payload: Payload; req?: PayloadRequest; user?: null | TypedUser }) {
  const asUser = req ?? (await createLocalReq({ user: user ?? undefined }, payload))
  if (!watchesSite(asUser.user ?? user ?? null)) return null
  const rows = await siteStatus(asUser).catch(() => null)
  if (!rows || rows.length === 0) return null
  return <SiteStatusList renderedAt={new Date().toISOString()} rows={rows} />
}
