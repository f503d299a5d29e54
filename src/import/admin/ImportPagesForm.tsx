'use client'
/**
 * Choose saved pages, check them (a dry run: what each will create or update, its categories,
 * sections, typed actions and related titles, or why it cannot be imported), then import them,
 * optionally publishing. Both steps post the files to the import endpoint.
 */
import { useConfig, useStepNav } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { ImportReport, PageOutcome } from '../importPages'
import type { ImportLimits } from './limits'

import { actionSummary } from '../../../collections/sections/admin/ActionLabel'
import { IMPORT_PAGES_PATH } from './limits'

type Answer = { dryRun?: boolean; errors?: { file?: string; message: string }[]; report?: ImportReport }
type Result = { answer: Answer; ok: boolean }

export function ImportPagesForm({ limits }: { limits: ImportLimits }) {
  const { config } = useConfig()
  const { setStepNav } = useStepNav()
  useEffect(() => setStepNav([{ label: 'Import pages' }]), [setStepNav])
  const [files, setFiles] = useState<File[]>([])
  const [publish, setPublish] = useState(false)
  const [busy, setBusy] = useState(false)
  const [checked, setChecked] = useState<null | Result>(null)
  const [imported, setImported] = useState<null | Result>(null)

  const send = async (dryRun: boolean): Promise<Result> => {
    const form = new FormData()
    for (const file of files) form.append('files', file)
    form.append('_payload', JSON.stringify({ dryRun, publish }))
    const response = await fetch(`${config.serverURL}${config.routes.api}${IMPORT_PAGES_PATH}`, { body: form, credentials: 'include', method: 'POST' })
    const answer = (await response.json().catch(() => ({ errors: [{ message: `The server answered ${response.status}.` }] }))) as Answer
    return { answer, ok: response.ok }
  }
  const run = async (dryRun: boolean) => {
    setBusy(true)
    try {
      const result = await send(dryRun)
      if (dryRun) setChecked(result)
      else setImported(result)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="import-pages" style={{ maxWidth: '60rem' }}>
      <p>
        Saved pages as <code>.txt</code> files (the format <code>npm run import</code> reads): up to {limits.maxFiles} at a time,
        {` ${Math.floor(limits.maxFileBytes / 1024)} kB each`}. Check them first; nothing is written until you import.
      </p>
      <div style={{ alignItems: 'center', display: 'flex', flexWrap: 'wrap', gap: 'var(--base)', marginBottom: 'var(--base)' }}>
        <input
          accept=".txt,text/plain"
          aria-label="Saved pages"
          multiple
          name="files"
          onChange={(event) => {
            setFiles(Array.from(event.target.files ?? []))
            setChecked(null)
            setImported(null)
          }}
          type="file"
        />
        <button className="btn btn--style-secondary" disabled={busy || files.length === 0} onClick={() => void run(true)} style={{ margin: 0 }} type="button">
          Check files
        </button>
      </div>
      {checked && <ReportView result={checked} testId="import-dry-run" />}
      {checked?.ok && !imported && (
        <div style={{ alignItems: 'center', display: 'flex', gap: 'var(--base)', margin: 'var(--base) 0' }}>
          <label style={{ alignItems: 'center', display: 'flex', gap: '0.5em' }}>
            <input checked={publish} name="publish" onChange={(event) => setPublish(event.target.checked)} type="checkbox" />
            Publish after importing
          </label>
          <button className="btn btn--style-primary" disabled={busy} onClick={() => void run(false)} style={{ margin: 0 }} type="button">
            Import {files.length} {files.length === 1 ? 'page' : 'pages'}
          </button>
        </div>
      )}
      {imported && <ReportView result={imported} testId="import-result" />}
    </div>
  )
}

function ReportView({ result, testId }: { result: Result; testId: string }) {
  const { answer, ok } = result
  const pages = answer.report?.pages ?? []
  const byFile = new Map(pages.map((page) => [page.file, page]))
  const refusedFiles = (answer.errors ?? []).filter((error) => error.file && !byFile.has(error.file))
  return (
    <section data-ok={ok} data-testid={testId} style={{ marginTop: 'var(--base)' }}>
      {answer.report && <p data-testid={`${testId}-summary`}>{summary(answer.report, answer.dryRun !== false)}</p>}
      {!answer.report &&
        (answer.errors ?? []).map((error) => (
          <p data-file={error.file} key={error.message} role="alert" style={{ color: 'var(--theme-error-500)' }}>
            {error.message}
          </p>
        ))}
      {refusedFiles.length > 0 && answer.report && refusedFiles.map((error) => <p key={error.message} role="alert">{error.message}</p>)}
      {pages.map((page) => (
        <PageView key={page.file} page={page} />
      ))}
    </section>
  )
}

function summary(report: ImportReport, dryRun: boolean): string {
  const would = dryRun ? 'will be ' : ''
  const parts = [`${report.created} ${would}created`, `${report.updated} ${would}updated`, `${report.failed} cannot be imported`]
  if (!dryRun && report.published + report.notPublished > 0) parts.push(`${report.published} published`, `${report.notPublished} left as drafts`)
  return `${report.pages.length} ${report.pages.length === 1 ? 'page' : 'pages'}: ${parts.join(', ')}.`
}

function PageView({ page }: { page: PageOutcome }) {
  const preview = page.preview
  const verb = { created: 'new article', failed: 'cannot be imported', updated: 'updates an existing article' }[page.status]
  return (
    <article
      data-file={page.file}
      data-status={page.status}
      style={{ borderTop: '1px solid var(--theme-elevation-150)', padding: 'var(--base) 0' }}
    >
      <h3 style={{ margin: 0 }}>
        {page.file} — <span data-testid="page-status">{verb}</span>
        {page.published !== undefined && <span data-testid="page-published">{page.published ? ', published' : ', kept as a draft'}</span>}
      </h3>
      {page.title && <p style={{ margin: '0.25em 0' }}>“{page.title}”</p>}
      {preview && (
        <dl style={{ display: 'grid', gap: '0.25em 1em', gridTemplateColumns: 'max-content 1fr', margin: '0.5em 0' }}>
          <dt>Categories</dt>
          <dd data-testid="page-categories" style={{ margin: 0 }}>
            {preview.categories.length === 0 ? '—' : preview.categories.map((category) => `${category.name}${category.isNew ? ' (new)' : ''}`).join(', ')}
          </dd>
          <dt>Sections</dt>
          <dd data-testid="page-sections" style={{ margin: 0 }}>
            {preview.sections.map((section) => section.heading).join(', ') || '—'}
          </dd>
          <dt>Actions</dt>
          <dd data-testid="page-actions" style={{ margin: 0 }}>
            {preview.actions.length === 0 ? (
              '—'
            ) : (
              <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                {preview.actions.map((action, index) => (
                  <li key={index}>{actionSummary(action as never)}</li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Related</dt>
          <dd data-testid="page-related" style={{ margin: 0 }}>
            {preview.related.length === 0 ? (
              '—'
            ) : (
              <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                {preview.related.map((link, index) => (
                  <li key={index}>
                    {link.title}
                    {link.outlet ? ` (${link.outlet})` : ''}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      )}
      {page.problems.length > 0 && (
        <ul data-testid="page-problems" style={{ color: 'var(--theme-error-500)', margin: 0, paddingLeft: '1.2em' }}>
          {page.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </article>
  )
}
