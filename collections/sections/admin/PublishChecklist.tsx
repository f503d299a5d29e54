'use client'
/**
 * The article edit view's publish checklist: each section kind publishing needs, ticked once
 * the article has one with content. It asks the server (the same rules the publish check
 * uses) and refreshes every few seconds, so sections added in a drawer or another tab show up.
 */
import { useConfig, useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { ChecklistItem } from '../../../hooks/requiredSections/checklist'

const REFRESH_MS = 2_000

export function PublishChecklist() {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const [items, setItems] = useState<ChecklistItem[] | null>(null)

  useEffect(() => {
    if (id === undefined || id === null) return
    let active = true
    const load = async () => {
      const response = await fetch(`${config.serverURL}${config.routes.api}/articles/${id}/publish-checklist`, { credentials: 'include' })
      if (response.ok && active) setItems(((await response.json()) as { items: ChecklistItem[] }).items)
    }
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => {
      active = false
      clearInterval(timer)
    }
  }, [id, config.serverURL, config.routes.api])

  return (
    <div className="publish-checklist field-type" data-testid="publish-checklist" style={{ marginBottom: 'var(--base)' }}>
      <div className="field-label">Publishing needs</div>
      {id === undefined || id === null ? (
        <p>Save the article to check its sections.</p>
      ) : items === null ? (
        <p>Checking…</p>
      ) : items.length === 0 ? (
        <p>No sections: this article can be published as it is.</p>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item) => (
            <li data-kind={item.kind} data-present={item.present} key={item.kind}>
              <span aria-hidden style={{ color: item.present ? 'var(--theme-success-500)' : 'var(--theme-error-500)' }}>
                {item.present ? '✓' : '✗'}
              </span>{' '}
              {item.label}
              <span className="sr-only">{item.present ? ' (present)' : ' (missing)'}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
