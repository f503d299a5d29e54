import type { PageAction, PageSection } from './types'

import { PETITIONS, SECTIONS } from '../../collections/slugs'
import { relationId } from '../utilities/relationId'
import { byId, findForPage, hasCollection, type PageRead, uniqueIds } from './pageRead'

type SectionRow = { actions?: PageAction[] | null; body?: unknown; heading?: null | string; id: number | string; kind: string }
type PetitionCard = { externalUrl?: null | string; id: number | string; slug?: null | string; status?: null | string; title?: null | string }

/** As many as the article's `sections` join lists. */
const MAX_SECTIONS = 50

/**
 * The article's commentary sections in page order, their typed actions as stored, and each
 * action's petition of ours as a small card — or `null` when visitors cannot see it.
 */
export async function pageSections(read: PageRead, articleId: number | string): Promise<PageSection[]> {
  if (!hasCollection(read, SECTIONS)) return []
  const rows = await findForPage<SectionRow>(read, {
    collection: SECTIONS,
    limit: MAX_SECTIONS,
    select: { actions: true, body: true, heading: true, kind: true },
    sort: 'order',
    where: { article: { equals: articleId } },
  })
  const petitions = byId(await actionPetitions(read, rows))
  const labels = kindLabels(read)
  return rows.map((row) => ({
    actions: (row.actions ?? []).map((action) =>
      'petition' in action ? { ...action, petition: petitions.get(String(relationId(action.petition))) ?? null } : action,
    ),
    body: row.body ?? null,
    heading: row.heading ?? null,
    id: row.id,
    kind: row.kind,
    label: labels.get(row.kind) ?? row.kind,
  }))
}

async function actionPetitions(read: PageRead, rows: SectionRow[]): Promise<PetitionCard[]> {
  const ids = uniqueIds(rows.flatMap((row) => (row.actions ?? []).map((action) => relationId(action.petition))))
  if (ids.length === 0 || !hasCollection(read, PETITIONS)) return []
  const cards = await findForPage<PetitionCard>(read, {
    collection: PETITIONS,
    limit: ids.length,
    select: { externalUrl: true, slug: true, status: true, title: true },
    where: { id: { in: ids } },
  })
  return cards.map((card) => ({ externalUrl: card.externalUrl || null, id: card.id, slug: card.slug ?? null, status: card.status ?? null, title: card.title ?? null }))
}

/** The names the sections plugin gave its kinds ("To Do" for `todo`). */
function kindLabels(read: PageRead): Map<string, string> {
  const kind = read.req.payload.collections[SECTIONS]?.config.flattenedFields.find((field) => field.name === 'kind')
  const options = kind && 'options' in kind ? kind.options : []
  return new Map(
    options.map((option) =>
      typeof option === 'string' ? [option, option] : [option.value, typeof option.label === 'string' ? option.label : option.value],
    ),
  )
}
