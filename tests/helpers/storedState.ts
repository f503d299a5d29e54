/**
 * What is stored, in a form two moments can be compared by: every collection's documents as
 * `id@updatedAt`, read through the Local API. A request that changes, adds or removes anything
 * changes the snapshot.
 */
import type { CollectionSlug, Payload } from 'payload'

export type StoredState = Record<string, string>

export async function storedState(payload: Payload): Promise<StoredState> {
  const state: StoredState = {}
  for (const slug of Object.keys(payload.collections) as CollectionSlug[]) {
    const { docs } = await payload.find({ collection: slug, depth: 0, limit: 0, pagination: false, sort: 'id' })
    state[slug] = (docs as { id: number | string; updatedAt?: string }[]).map((doc) => `${doc.id}@${doc.updatedAt ?? ''}`).join(' ')
  }
  // Drafts live in the versions tables, where a draft save changes nothing else.
  for (const slug of Object.keys(payload.collections) as CollectionSlug[]) {
    if (!payload.collections[slug].config.versions) continue
    const { docs } = await payload.findVersions({ collection: slug, depth: 0, limit: 0, pagination: false, sort: 'id' })
    state[`${slug} versions`] = docs.map((doc) => `${doc.id}@${doc.updatedAt}`).join(' ')
  }
  return state
}
