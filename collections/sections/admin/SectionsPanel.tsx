'use client'
/**
 * The article's sections managed from its edit view: one click adds a section the publish
 * checklist still misses (a drawer opens on a new section of that kind, already linked to the
 * article), and Move up / Move down rewrite the sections' `order`. Everything goes through the
 * REST API as the signed-in user, and the server says first what that user may do (Payload's
 * access endpoint), so an author sees no buttons on a published article.
 */
import { useConfig, useDocumentDrawer, useDocumentEvents, useDocumentInfo } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import { panelAccess } from '../../../src/access/panelAccess'
import { announceJoinChange } from '../../../src/admin/RefreshingJoinField'

import type { ChecklistItem } from '../../../hooks/requiredSections/checklist'

type SectionRow = { heading?: null | string; id: number | string; kind: string; order?: null | number }
type Allowed = { create: boolean; update: boolean }

export function SectionsPanel({ kindLabels = {}, sectionsSlug = 'sections' }: { kindLabels?: Record<string, string>; sectionsSlug?: string }) {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const api = `${config.serverURL}${config.routes.api}`
  const [sections, setSections] = useState<null | SectionRow[]>(null)
  const [missing, setMissing] = useState<ChecklistItem[]>([])
  const [allowed, setAllowed] = useState<Allowed>({ create: false, update: false })
  const [problem, setProblem] = useState<null | string>(null)
  const [moving, setMoving] = useState(false)

  const load = useCallback(async () => {
    if (id === undefined || id === null) return
    const query = `where[article][equals]=${encodeURIComponent(String(id))}&sort=order&depth=0&limit=100&select[kind]=true&select[heading]=true&select[order]=true`
    const [listed, checklist] = await Promise.all([
      fetch(`${api}/${sectionsSlug}?${query}`, { credentials: 'include' }),
      fetch(`${api}/articles/${id}/publish-checklist`, { credentials: 'include' }),
    ])
    const docs = listed.ok ? ((await listed.json()) as { docs: SectionRow[] }).docs : []
    const items = checklist.ok ? ((await checklist.json()) as { items: ChecklistItem[] }).items : []
    const allowed = await panelAccess(api, sectionsSlug, { existing: docs[0]?.id, newDocument: { article: id } })
    setSections(docs)
    setMissing(items.filter((item) => !item.present))
    setAllowed(allowed)
  }, [api, id, sectionsSlug])

  useEffect(() => {
    void load()
  }, [load])

  // A section saved elsewhere on the page (the table's own drawer, say): read the list again.
  const { mostRecentUpdate } = useDocumentEvents()
  useEffect(() => {
    if (mostRecentUpdate?.entitySlug === sectionsSlug) void load()
  }, [mostRecentUpdate, sectionsSlug, load])

  /** After a write: this panel's list, and the article's Sections table below it, read again. */
  const reload = useCallback(async () => {
    await load()
    announceJoinChange(sectionsSlug)
  }, [load, sectionsSlug])

  const move = async (index: number, step: -1 | 1) => {
    if (!sections) return
    const reordered = [...sections]
    const [moved] = reordered.splice(index, 1)
    reordered.splice(index + step, 0, moved!)
    setMoving(true)
    setProblem(null)
    try {
      // Renumbered 1…n so ties and gaps left by earlier edits go away; unchanged rows are not written.
      for (const [position, section] of reordered.entries()) {
        if (section.order === position + 1) continue
        const response = await fetch(`${api}/${sectionsSlug}/${section.id}`, {
          body: JSON.stringify({ order: position + 1 }),
          credentials: 'include',
          headers: { 'content-type': 'application/json' },
          method: 'PATCH',
        })
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] }
          throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`)
        }
      }
    } catch (error) {
      setProblem(`Could not reorder: ${(error as Error).message}`)
    } finally {
      setMoving(false)
      await reload()
    }
  }

  if (id === undefined || id === null) return null
  const label = (kind: string) => kindLabels[kind] ?? kind
  return (
    <div className="field-type" data-testid="sections-panel" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <div className="field-label">Arrange sections</div>
      {sections === null ? (
        <p>Loading sections…</p>
      ) : (
        <>
          {missing.length > 0 && allowed.create && (
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 'calc(var(--base) / 2)', marginBottom: 'var(--base)' }}>
              {missing.map((item) => (
                <AddSectionButton
                  articleId={id}
                  existingId={sections.find((section) => section.kind === item.kind)?.id}
                  item={item}
                  key={item.kind}
                  nextOrder={sections.length + 1}
                  onSaved={reload}
                  sectionsSlug={sectionsSlug}
                />
              ))}
            </div>
          )}
          {!allowed.create && !allowed.update && (
            <p data-testid="sections-read-only" style={{ color: 'var(--theme-elevation-500)' }}>
              You can read these sections; changing them (the article is published, or not yours) is editors&apos; work.
            </p>
          )}
          {sections.length === 0 ? (
            <p>No sections yet.</p>
          ) : (
            <ol style={{ margin: 0, paddingLeft: 'calc(var(--base) * 1.5)' }}>
              {sections.map((section, index) => (
                <li data-kind={section.kind} data-section={section.id} key={section.id} style={{ marginBottom: 'calc(var(--base) / 4)' }}>
                  <strong>{label(section.kind)}</strong>
                  {section.heading ? ` — ${section.heading}` : ''}
                  {allowed.update && (
                    <span style={{ marginLeft: 'var(--base)' }}>
                      <button aria-label={`Move ${label(section.kind)} up`} className="btn btn--style-secondary btn--size-small" disabled={moving || index === 0} onClick={() => void move(index, -1)} style={{ margin: '0 4px' }} type="button">
                        ↑
                      </button>
                      <button
                        aria-label={`Move ${label(section.kind)} down`}
                        className="btn btn--style-secondary btn--size-small"
                        disabled={moving || index === sections.length - 1}
                        onClick={() => void move(index, 1)}
                        style={{ margin: 0 }}
                        type="button"
                      >
                        ↓
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
          {problem && (
            <p role="alert" style={{ color: 'var(--theme-error-500)' }}>
              {problem}
            </p>
          )}
        </>
      )}
    </div>
  )
}

/**
 * One missing kind: a new section of it in a drawer, or — when an empty one exists already
 * (kinds allow one section each) — that section, to be completed.
 */
function AddSectionButton({
  articleId,
  existingId,
  item,
  nextOrder,
  onSaved,
  sectionsSlug,
}: {
  articleId: number | string
  existingId?: number | string
  item: ChecklistItem
  nextOrder: number
  onSaved: () => Promise<void>
  sectionsSlug: string
}) {
  // Payload types document ids from the generated types (numbers here); MongoDB's are strings.
  const [Drawer, , { closeDrawer, openDrawer }] = useDocumentDrawer({ collectionSlug: sectionsSlug, id: existingId as number | undefined })
  return (
    <>
      <button className="btn btn--style-primary btn--size-small" data-add-kind={item.kind} onClick={openDrawer} style={{ margin: 0 }} type="button">
        {existingId === undefined ? `Add ${item.label}` : `Complete ${item.label}`}
      </button>
      <Drawer
        initialData={existingId === undefined ? { article: articleId, kind: item.kind, order: nextOrder } : undefined}
        onSave={async () => {
          closeDrawer()
          await onSaved()
        }}
      />
    </>
  )
}
