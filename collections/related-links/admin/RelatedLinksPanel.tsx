'use client'
/**
 * The article's related links steered from its edit view: the list in page order with each
 * link's origin, score and reason, and pin, exclude (and restore), move, and add an article by
 * search or a headline from elsewhere. Every change is a REST write to the related-links
 * collection as the signed-in user, whose hooks put the list in order again; the server first
 * says what that user may do (Payload's access endpoint), so the panel offers only that.
 */
import { useConfig, useDocumentEvents, useDocumentInfo } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import { panelAccess } from '../../../src/access/panelAccess'
import { announceJoinChange } from '../../../src/admin/RefreshingJoinField'

type Id = number | string
type Reason = { sharedCategories?: string[]; sharedTerms?: string[] }
type LinkRow = {
  excluded?: boolean | null
  external?: { outlet?: null | string; title?: null | string; url?: null | string } | null
  id: Id
  origin?: 'auto' | 'manual' | null
  pinned?: boolean | null
  position?: null | number
  reason?: null | Reason
  score?: null | number
  to?: { id: Id; title?: null | string } | Id | null
}
type Found = { _status?: null | string; id: Id; title?: null | string }
/** The list's parts, in page order: pinned links, then the scorer's, then editors' others. */
type Group = 'auto' | 'editors' | 'pinned'

const groupOf = (link: LinkRow): Group => (link.pinned ? 'pinned' : link.origin === 'auto' ? 'auto' : 'editors')
const targetId = (link: LinkRow): Id | undefined => (typeof link.to === 'object' && link.to !== null ? link.to.id : (link.to ?? undefined))
const titleOf = (link: LinkRow): string =>
  typeof link.to === 'object' && link.to !== null
    ? (link.to.title ?? `Article ${link.to.id}`)
    : link.to !== null && link.to !== undefined
      ? `Article ${link.to}`
      : `${link.external?.title ?? ''}${link.external?.outlet ? ` (${link.external.outlet})` : ''}`
const byPosition = (x: LinkRow, y: LinkRow) => (x.position ?? Number.MAX_SAFE_INTEGER) - (y.position ?? Number.MAX_SAFE_INTEGER)

function reasonText(reason: LinkRow['reason']): string {
  const parts = []
  if (reason?.sharedCategories?.length) parts.push(`categories: ${reason.sharedCategories.join(', ')}`)
  if (reason?.sharedTerms?.length) parts.push(`terms: ${reason.sharedTerms.join(', ')}`)
  return parts.join(' · ')
}

export function RelatedLinksPanel({ linksSlug = 'related-links' }: { linksSlug?: string }) {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const api = `${config.serverURL}${config.routes.api}`
  const [links, setLinks] = useState<LinkRow[] | null>(null)
  const [allowed, setAllowed] = useState({ create: false, update: false })
  const [problem, setProblem] = useState<null | string>(null)
  const [busy, setBusy] = useState(false)

  const load = useCallback(async () => {
    if (id === undefined || id === null) return
    const query = `where[from][equals]=${encodeURIComponent(String(id))}&sort=position&depth=1&limit=200&populate[articles][title]=true`
    const listed = await fetch(`${api}/${linksSlug}?${query}`, { credentials: 'include' })
    const docs = listed.ok ? ((await listed.json()) as { docs: LinkRow[] }).docs : []
    const allowed = await panelAccess(api, linksSlug, { existing: docs[0]?.id, newDocument: { from: id } })
    setLinks(docs)
    setAllowed(allowed)
  }, [api, id, linksSlug])

  useEffect(() => {
    void load()
  }, [load])

  // A link saved elsewhere on the page (the table's own drawer, say): read the list again.
  const { mostRecentUpdate } = useDocumentEvents()
  useEffect(() => {
    if (mostRecentUpdate?.entitySlug === linksSlug) void load()
  }, [mostRecentUpdate, linksSlug, load])

  /** One REST write, then the list as the server ordered it; a refusal is shown as the server worded it. */
  const write = async (method: 'PATCH' | 'POST', path: string, body: object): Promise<boolean> => {
    setBusy(true)
    setProblem(null)
    try {
      const response = await fetch(`${api}/${linksSlug}${path}`, {
        body: JSON.stringify(body),
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        method,
      })
      if (!response.ok) {
        const answer = (await response.json().catch(() => ({}))) as { errors?: { data?: { errors?: { message?: string }[] }; message?: string }[] }
        const error = answer.errors?.[0]
        setProblem(error?.data?.errors?.[0]?.message ?? error?.message ?? `HTTP ${response.status}`)
        return false
      }
      return true
    } finally {
      await load()
      // The article's Related links table (Payload's join field) reads its rows again too.
      announceJoinChange(linksSlug)
      setBusy(false)
    }
  }

  if (id === undefined || id === null) return null
  const listed = (links ?? []).filter((link) => !link.excluded).sort(byPosition)
  const excluded = (links ?? []).filter((link) => link.excluded)
  const linkedTargets = new Set((links ?? []).map(targetId).filter((target) => target !== undefined).map(String))

  // The rebuild renumbers a list 1…n from the stored positions, so one move is one write: the
  // upper of the two links goes just below the lower one.
  const swap = (upper: LinkRow, lower: LinkRow) => write('PATCH', `/${upper.id}`, { position: (lower.position ?? 0) + 0.5 })

  return (
    <div className="field-type" data-testid="related-panel" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <div className="field-label">Related links</div>
      {links === null ? (
        <p>Loading related links…</p>
      ) : (
        <>
          {!allowed.create && !allowed.update && (
            <p data-testid="related-read-only" style={{ color: 'var(--theme-elevation-500)' }}>
              You can read these links; changing them (the article is published, or not yours) is editors&apos; work.
            </p>
          )}
          {listed.length === 0 ? (
            <p>No related links yet: publishing builds them from shared categories and terms.</p>
          ) : (
            <ol style={{ margin: 0, paddingLeft: 'calc(var(--base) * 1.5)' }}>
              {listed.map((link, index) => {
                const group = groupOf(link)
                const above = listed[index - 1]
                const below = listed[index + 1]
                const title = titleOf(link)
                return (
                  <li data-link={link.id} data-origin={link.origin ?? 'manual'} data-pinned={Boolean(link.pinned)} key={link.id} style={{ marginBottom: 'calc(var(--base) / 2)' }}>
                    <strong>{title}</strong>
                    <span className="pill pill--style-light" style={{ marginLeft: 8 }}>
                      {link.origin === 'auto' ? 'automatic' : 'manual'}
                    </span>
                    {link.pinned && (
                      <span className="pill pill--style-light" style={{ marginLeft: 4 }}>
                        pinned
                      </span>
                    )}
                    {typeof link.score === 'number' && <span style={{ marginLeft: 8 }}>score {link.score.toFixed(2)}</span>}
                    {reasonText(link.reason) && <div style={{ color: 'var(--theme-elevation-500)' }}>{reasonText(link.reason)}</div>}
                    {allowed.update && (
                      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
                        {/* The scorer ranks automatic links; pinning one holds its place instead. */}
                        {group !== 'auto' && (
                          <>
                            <SmallButton disabled={busy || !above || groupOf(above) !== group} label={`Move ${title} up`} onClick={() => void swap(above!, link)} text="↑" />
                            <SmallButton disabled={busy || !below || groupOf(below) !== group} label={`Move ${title} down`} onClick={() => void swap(link, below!)} text="↓" />
                          </>
                        )}
                        <SmallButton disabled={busy} label={`${link.pinned ? 'Unpin' : 'Pin'} ${title}`} onClick={() => void write('PATCH', `/${link.id}`, { pinned: !link.pinned })} text={link.pinned ? 'Unpin' : 'Pin'} />
                        <SmallButton disabled={busy} label={`Exclude ${title}`} onClick={() => void write('PATCH', `/${link.id}`, { excluded: true, pinned: false })} text="Exclude" />
                      </div>
                    )}
                  </li>
                )
              })}
            </ol>
          )}
          {excluded.length > 0 && (
            <div data-testid="related-excluded" style={{ marginTop: 'var(--base)' }}>
              <div className="field-label">Excluded (never listed, never added again automatically)</div>
              <ul style={{ margin: 0, paddingLeft: 'calc(var(--base) * 1.5)' }}>
                {excluded.map((link) => (
                  <li data-link={link.id} key={link.id}>
                    {titleOf(link)}
                    {allowed.update && (
                      <SmallButton disabled={busy} label={`Restore ${titleOf(link)}`} onClick={() => void write('PATCH', `/${link.id}`, { excluded: false })} text="Restore" />
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {allowed.create && (
            <AddLinks
              api={api}
              busy={busy}
              isLinked={(target) => String(target) === String(id) || linkedTargets.has(String(target))}
              onAdd={(data) => write('POST', '', { ...data, from: id })}
            />
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

function SmallButton({ disabled, label, onClick, text }: { disabled: boolean; label: string; onClick: () => void; text: string }) {
  return (
    <button aria-label={label} className="btn btn--style-secondary btn--size-small" disabled={disabled} onClick={onClick} style={{ margin: '0 4px', opacity: disabled ? 0.4 : 1 }} type="button">
      {text}
    </button>
  )
}

/**
 * The panel sits inside the document's form (forms cannot nest), so Enter in its inputs runs
 * the panel's action instead of submitting, and saving, the article.
 */
function enter(event: React.KeyboardEvent<HTMLInputElement>, action: () => Promise<void>) {
  if (event.key !== 'Enter') return
  event.preventDefault()
  void action()
}

/** An article of ours found by its title, or a headline from another outlet. */
function AddLinks({ api, busy, isLinked, onAdd }: { api: string; busy: boolean; isLinked: (id: Id) => boolean; onAdd: (data: object) => Promise<boolean> }) {
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<Found[] | null>(null)
  const [external, setExternal] = useState({ outlet: '', title: '', url: '' })

  const search = async () => {
    const where = `where[title][like]=${encodeURIComponent(query.trim())}&limit=10&depth=0&select[title]=true&select[_status]=true&sort=-updatedAt`
    const response = await fetch(`${api}/articles?${where}`, { credentials: 'include' })
    setFound(response.ok ? ((await response.json()) as { docs: Found[] }).docs.filter((article) => !isLinked(article.id)) : [])
  }
  const addExternal = async () => {
    if (external.title.trim() === '') return
    const added = await onAdd({ external: { outlet: external.outlet.trim() || undefined, title: external.title.trim(), url: external.url.trim() || undefined } })
    if (added) setExternal({ outlet: '', title: '', url: '' })
  }
  const row = { alignItems: 'center', display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 'calc(var(--base) / 2)' } as const

  return (
    <div style={{ marginTop: 'var(--base)' }}>
      <div data-testid="related-search" style={row}>
        <input
          aria-label="Search articles by title"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => enter(event, search)}
          placeholder="Find an article to link"
          value={query}
        />
        <button className="btn btn--style-secondary btn--size-small" disabled={busy || query.trim() === ''} onClick={() => void search()} style={{ margin: 0 }} type="button">
          Search
        </button>
      </div>
      {found !== null && (
        <ul data-testid="related-search-results" style={{ margin: 0, paddingLeft: 'calc(var(--base) * 1.5)' }}>
          {found.length === 0 && <li>No article found that is not linked already.</li>}
          {found.map((article) => (
            <li data-article={article.id} key={article.id}>
              {article.title} {article._status !== 'published' && <em>(not published: listed once it is)</em>}
              <SmallButton
                disabled={busy}
                label={`Add ${article.title ?? article.id}`}
                onClick={() => void onAdd({ to: article.id }).then((added) => added && setFound(null))}
                text="Add"
              />
            </li>
          ))}
        </ul>
      )}
      <div data-testid="related-external" style={row}>
        <input aria-label="External headline" onChange={(event) => setExternal({ ...external, title: event.target.value })} onKeyDown={(event) => enter(event, addExternal)} placeholder="Headline elsewhere" value={external.title} />
        <input aria-label="External URL" onChange={(event) => setExternal({ ...external, url: event.target.value })} onKeyDown={(event) => enter(event, addExternal)} placeholder="https://…" value={external.url} />
        <input aria-label="Outlet" onChange={(event) => setExternal({ ...external, outlet: event.target.value })} onKeyDown={(event) => enter(event, addExternal)} placeholder="Outlet" value={external.outlet} />
        <button className="btn btn--style-secondary btn--size-small" disabled={busy || external.title.trim() === ''} onClick={() => void addExternal()} style={{ margin: 0 }} type="button">
          Add external link
        </button>
      </div>
    </div>
  )
}
