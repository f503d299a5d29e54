'use client'
/** "Import pages" in the navigation, for the roles that may import (editors and admins). */
import { useAuth, useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import React from 'react'

import { IMPORT_PAGES_PATH } from './limits'

export function ImportPagesNavLink() {
  const { user } = useAuth<{ roles?: string[] }>()
  const { config } = useConfig()
  if (!user?.roles?.some((role) => role === 'admin' || role === 'editor')) return null
  return (
    <Link className="nav__link" data-testid="nav-import-pages" href={`${config.routes.admin}${IMPORT_PAGES_PATH}`} prefetch={false}>
      <span className="nav__link-label">Import pages</span>
    </Link>
  )
}
