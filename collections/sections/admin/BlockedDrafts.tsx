/**
 * On the dashboard: drafts the publish checklist holds back, each with the sections it still
 * needs — the same rules the publish check applies (hooks/requiredSections). Read as the
 * signed-in user, so an author sees the drafts they may open.
 */
import type { ServerProps } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { checklistOf, type RequiredSectionsOptions } from '../../../hooks/requiredSections/index'
import { ARTICLES } from '../../slugs'

const DRAFTS_CHECKED = 50

export async function BlockedDrafts({ payload, required, user }: ServerProps & { required: RequiredSectionsOptions }) {
  if (!user) return null
  const req = await createLocalReq({ user }, payload)
  const { docs } = await payload.find({
    collection: ARTICLES,
    depth: 0,
    draft: true,
    limit: DRAFTS_CHECKED,
    overrideAccess: false,
    req,
    select: { categories: true, title: true },
    sort: '-updatedAt',
    where: { _status: { equals: 'draft' } },
  })
  const blocked = []
  for (const article of docs) {
    const missing = (await checklistOf(req, required, article)).filter((item) => !item.present).map((item) => item.label)
    if (missing.length > 0) blocked.push({ article, missing })
  }
  if (blocked.length === 0) return null
  const adminRoute = payload.config.routes.admin
  return (
    <section data-testid="blocked-drafts" style={{ marginBottom: 'calc(var(--base) * 2)' }}>
      <h2>Drafts the checklist holds back</h2>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {blocked.map(({ article, missing }) => (
          <li data-article={article.id} key={article.id}>
            <a href={`${adminRoute}/collections/${ARTICLES}/${article.id}`}>{article.title || `Article ${article.id}`}</a> — needs{' '}
            <span data-testid="blocked-missing">{missing.join(', ')}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
