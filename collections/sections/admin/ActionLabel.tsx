'use client'
/**
 * An action block's row label says what it holds — "Contact: Nancy Pelosi", "Petition:
 * Change.org", "#PeaceForUkraine #DiplomacyFirst" — so a To Do list can be read folded.
 */
import { useRowLabel } from '@payloadcms/ui'
import React from 'react'

type ActionRow = {
  blockType?: string
  body?: unknown
  hashtags?: null | string[]
  name?: null | string
  office?: null | string
  platform?: null | string
  text?: null | string
  title?: null | string
  url?: null | string
  where?: null | string
}

export function actionSummary(row: ActionRow): string {
  const first = (...values: (null | string | undefined)[]) => values.find((value) => typeof value === 'string' && value.trim())?.trim()
  switch (row.blockType) {
    case 'attendEvent':
      return `Event: ${first(row.title, row.where) ?? 'untitled'}`
    case 'contactOfficial':
      return `Contact: ${first(row.name, row.office) ?? 'unnamed'}`
    case 'note':
      return 'Note'
    case 'petition':
      return `Petition: ${first(row.platform, row.title, hostOf(row.url)) ?? 'ours'}`
    case 'share': {
      const tags = (row.hashtags ?? []).filter(Boolean).map((tag) => (tag.startsWith('#') ? tag : `#${tag}`))
      return tags.length ? tags.join(' ') : `Share: ${first(row.text) ?? 'empty'}`
    }
    case 'supportOrganization':
      return `Support: ${first(row.name) ?? 'unnamed'}`
    default:
      return String(row.blockType ?? 'Action')
  }
}

function hostOf(url: null | string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') : undefined
  } catch {
    return undefined
  }
}

export function ActionLabel() {
  const { data, rowNumber } = useRowLabel<ActionRow>()
  return (
    <span data-testid="action-label">
      {String((rowNumber ?? 0) + 1).padStart(2, '0')} {actionSummary(data ?? {})}
    </span>
  )
}
