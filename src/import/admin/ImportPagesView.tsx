/**
 * The "Import pages" admin view: the page frame (navigation, header) around the upload form.
 * Editors and admins get the form; other roles are told who may import.
 */
import type { AdminViewServerProps } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import React from 'react'

import type { ImportLimits } from './limits'

import { hasRole } from '../../access/roles'
import { ImportPagesForm } from './ImportPagesForm'

export function ImportPagesView({ initPageResult, limits, params, searchParams }: AdminViewServerProps & { limits: ImportLimits }) {
  const { locale, permissions, req, visibleEntities } = initPageResult
  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={req.payload}
      permissions={permissions}
      searchParams={searchParams}
      user={req.user ?? undefined}
      visibleEntities={visibleEntities}
    >
      <Gutter>
        <h1 style={{ marginTop: 'calc(var(--base) * 2)' }}>Import pages</h1>
        {hasRole(req.user, 'admin', 'editor') ? (
          <ImportPagesForm limits={limits} />
        ) : (
          <p data-testid="import-not-allowed">Only editors and admins import pages.</p>
        )}
      </Gutter>
    </DefaultTemplate>
  )
}
