/**
 * The content events a webhook endpoint can subscribe to — a public contract, listed in the
 * README — and the shape of what a delivery says about each changed item.
 */
export const EVENT_TYPES = [
  'article.published',
  'article.unpublished',
  'article.updated',
  'article.deleted',
  'petition.published',
  'petition.unpublished',
  'petition.updated',
  'category.changed',
  'media.changed',
] as const

export type EventType = (typeof EVENT_TYPES)[number]

/**
 * One changed item: which collection, which document, its slug when it has one, and the cache
 * tags of its change (src/cacheTags/changeTags), for a purge of exactly what it made stale.
 */
export type ChangedItem = { cacheTags?: string[]; collection: string; id: number | string; slug?: null | string; type: EventType }

/** Whether an endpoint subscribed to `events` wants `type` (`*` is every event). */
export const wants = (events: readonly string[] | null | undefined, type: EventType) =>
  Boolean(events?.includes('*') || events?.includes(type))

/**
 * How a published document's change reads as an event: from whether the live version was
 * published before and after the change, never from the edited draft.
 */
export function transition(
  kind: 'article' | 'petition',
  before: { published: boolean; updatedAt?: null | string },
  after: { published: boolean; updatedAt?: null | string },
): EventType | undefined {
  if (!before.published && after.published) return `${kind}.published`
  if (before.published && !after.published) return `${kind}.unpublished`
  if (before.published && after.published && before.updatedAt !== after.updatedAt) return `${kind}.updated`
  return undefined
}
