import type { PagePetition } from './types'

import { PETITION_CARD } from '../../collections/petitions/Petitions'
import { PETITIONS, SITE_SETTINGS } from '../../collections/slugs'
import { findForPage, hasCollection, type PageRead, uniqueIds } from './pageRead'

/**
 * The page's "Sign Our Petition" call: the article's own petition when visitors can see it,
 * otherwise the site's default (site-settings `defaultPetition`); never a signer.
 */
export async function pagePetition(read: PageRead, own: unknown): Promise<null | PagePetition> {
  if (!hasCollection(read, PETITIONS)) return null
  const [ownId] = uniqueIds([own])
  const found = ownId === undefined ? null : await petitionById(read, ownId)
  if (found) return found
  const hasDefault = read.req.payload.config.globals.some(
    (global) => global.slug === SITE_SETTINGS && global.flattenedFields.some((field) => field.name === 'defaultPetition'),
  )
  if (!hasDefault) return null
  const settings = (await read.req.payload.findGlobal({
    depth: 0,
    overrideAccess: false,
    req: read.req,
    select: { defaultPetition: true },
    slug: SITE_SETTINGS as never,
  })) as { defaultPetition?: unknown }
  const [defaultId] = uniqueIds([settings.defaultPetition])
  return defaultId === undefined ? null : petitionById(read, defaultId)
}

async function petitionById(read: PageRead, id: number | string): Promise<null | PagePetition> {
  const [row] = await findForPage<Partial<PagePetition> & { id: number | string }>(read, {
    collection: PETITIONS,
    limit: 1,
    select: PETITION_CARD,
    where: { id: { equals: id } },
  })
  if (!row) return null
  return {
    closesAt: row.closesAt ?? null,
    consentText: row.consentText || null,
    externalUrl: row.externalUrl || null,
    goal: row.goal ?? null,
    id: row.id,
    signatureCount: row.signatureCount ?? 0,
    slug: row.slug ?? null,
    status: row.status ?? null,
    summary: row.summary ?? null,
    title: row.title ?? null,
  }
}
