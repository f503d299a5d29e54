import type { PayloadRequest } from 'payload'

import { relationId } from '../../../src/utilities/relationId'
import { CATEGORIES } from '../../slugs'

export type CategoryStep = { id: number | string; name: string; parent?: unknown; slug?: null | string }

/** The chain of categories from `startId` up to its top ancestor (at most `maxDepth` steps). */
export async function walkParents(req: PayloadRequest, startId: number | string, maxDepth = 20): Promise<CategoryStep[]> {
  const chain: CategoryStep[] = []
  const seen = new Set<string>()
  let nextId: number | string | undefined = startId
  while (nextId !== undefined && !seen.has(String(nextId)) && chain.length < maxDepth) {
    seen.add(String(nextId))
    const step = (await req.payload
      .findByID({ collection: CATEGORIES, depth: 0, disableErrors: true, id: nextId, req, select: { name: true, parent: true, slug: true } })
      .catch(() => null)) as CategoryStep | null
    if (!step) break
    chain.push(step)
    nextId = relationId(step.parent)
  }
  return chain
}
