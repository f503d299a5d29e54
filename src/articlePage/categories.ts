import type { PageCategory } from './types'

import { CATEGORIES } from '../../collections/slugs'
import { relationId } from '../utilities/relationId'
import { findForPage, type PageRead, uniqueIds } from './pageRead'

type CategoryRow = { id: number | string; name: string; parent?: unknown; slug?: null | string }

/** Deeper nesting than this is cut short (the categories plugin refuses cycles). */
const MAX_LEVELS = 20

/**
 * The article's categories with their breadcrumbs. The categories' own `breadcrumbs` field
 * walks up one parent per query for each category; here each level of ancestors is one query
 * for all of them, so a page costs one query per level of nesting, not per category.
 */
export async function pageCategories(read: PageRead, ids: unknown[]): Promise<PageCategory[]> {
  const wanted = uniqueIds(ids)
  if (wanted.length === 0) return []
  const known = new Map<string, CategoryRow>()
  let missing = wanted
  for (let level = 0; missing.length > 0 && level < MAX_LEVELS; level++) {
    const rows = await findForPage<CategoryRow>(read, {
      collection: CATEGORIES,
      limit: missing.length,
      select: { name: true, parent: true, slug: true },
      where: { id: { in: missing } },
    })
    for (const row of rows) known.set(String(row.id), row)
    missing = uniqueIds(rows.map((row) => relationId(row.parent))).filter((id) => !known.has(String(id)))
  }
  return wanted.flatMap((id) => {
    const category = known.get(String(id))
    if (!category) return []
    return [
      {
        breadcrumbs: trail(category, known),
        id: category.id,
        name: category.name,
        parent: relationId(category.parent) ?? null,
        slug: category.slug ?? null,
      },
    ]
  })
}

function trail(category: CategoryRow, known: Map<string, CategoryRow>): PageCategory['breadcrumbs'] {
  const steps: CategoryRow[] = []
  const seen = new Set<string>()
  for (let step: CategoryRow | undefined = category; step && !seen.has(String(step.id)); step = known.get(String(relationId(step.parent)))) {
    seen.add(String(step.id))
    steps.unshift(step)
  }
  return steps.map((step) => ({ name: step.name, slug: step.slug ?? null }))
}
