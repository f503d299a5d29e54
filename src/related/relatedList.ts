/**
 * The order of one article's "N Related Article(s)" list, from the links editors made and the
 * scores the engine found: pinned links first, then the best automatic ones, then the editors'
 * other links; excluded links are never listed. Pure, so the publishing hooks only fetch and
 * store.
 */
import type { RelatedScore } from './scoreRelated'

type Id = number | string

/** A link as the list sees it. `to` is absent for headlines from other outlets. */
export type ListLink = {
  excluded: boolean
  id: Id
  origin: 'auto' | 'manual'
  pinned: boolean
  position: null | number
  score: null | number
  to: Id | undefined
}

export type PlannedList = {
  /** The automatic links the list should hold, with their positions, best first. */
  auto: (RelatedScore & { position: number })[]
  /** The editors' links whose position must change (excluded ones get `null`). */
  moved: { id: Id; position: null | number }[]
}

const byPosition = (x: ListLink, y: ListLink) =>
  (x.position ?? Number.MAX_SAFE_INTEGER) - (y.position ?? Number.MAX_SAFE_INTEGER) || String(x.id).localeCompare(String(y.id))

/**
 * Plans the list of article `owner`: `scored` are candidates best first (already above the
 * threshold); at most `limit` of them become automatic links. An article an editor linked by
 * hand, or excluded, is never added again automatically.
 */
export function planList(owner: Id, links: ListLink[], scored: RelatedScore[], limit: number): PlannedList {
  const manual = links.filter((link) => link.origin === 'manual')
  const handled = new Set(manual.flatMap((link) => (link.to === undefined ? [] : [String(link.to)])))
  handled.add(String(owner))
  const seen = new Set<string>()
  const chosen = scored
    .filter((candidate) => {
      const key = String(candidate.id)
      if (handled.has(key) || seen.has(key)) return false
      seen.add(key)
      return true
    })
    .slice(0, limit)

  const pinned = manual.filter((link) => link.pinned && !link.excluded).sort(byPosition)
  const others = manual.filter((link) => !link.pinned && !link.excluded).sort(byPosition)
  const moved: PlannedList['moved'] = []
  const place = (link: ListLink, position: null | number) => {
    if (link.position !== position) moved.push({ id: link.id, position })
  }
  pinned.forEach((link, index) => place(link, index + 1))
  const auto = chosen.map((candidate, index) => ({ ...candidate, position: pinned.length + index + 1 }))
  others.forEach((link, index) => place(link, pinned.length + auto.length + index + 1))
  manual.filter((link) => link.excluded).forEach((link) => place(link, null))
  return { auto, moved }
}

/**
 * The automatic entries of a list after `newcomer` competes for a place: it enters when the
 * list has room or it outscores the weakest entry, which then leaves. `undefined` when the list
 * stays as it is.
 */
export function enterList(current: RelatedScore[], newcomer: RelatedScore, limit: number): RelatedScore[] | undefined {
  const others = current.filter((entry) => String(entry.id) !== String(newcomer.id))
  const merged = [...others, newcomer].sort((x, y) => y.score - x.score || String(x.id).localeCompare(String(y.id)))
  const kept = merged.slice(0, limit)
  return kept.includes(newcomer) ? kept : undefined
}

export type ListChanges = {
  /** Automatic links to write (new, or replacing a stored one that was re-scored). */
  add: (RelatedScore & { position: number })[]
  /** Automatic links to delete. */
  remove: Id[]
  /** Links that only move (editors' links, and automatic ones pushed down by a newcomer). */
  update: PlannedList['moved']
}

const sameList = (x: string[] = [], y: string[] = []) => x.length === y.length && x.every((value, index) => value === y[index])

/**
 * Compared field by field, not as JSON text: PostgreSQL's jsonb hands the stored reason back
 * with its keys in another order, and every link looked re-scored, so each rebuild deleted and
 * re-inserted the whole list under new ids.
 */
function sameReason(stored: RelatedScore['reason'] | undefined, planned: RelatedScore['reason'] | undefined): boolean {
  if (!stored || !planned) return stored === planned
  return sameList(stored.sharedCategories, planned.sharedCategories) && sameList(stored.sharedTerms, planned.sharedTerms)
}

/**
 * What must be written to turn the stored list into the planned one. Only links that enter,
 * leave, move or change score are touched: a newcomer entering ten lists writes ten rows,
 * removes the ten it pushed out, and moves the rest in place.
 */
export function listChanges(current: (ListLink & { reason?: RelatedScore['reason'] })[], plan: PlannedList): ListChanges {
  const storedAuto = new Map(current.filter((link) => link.origin === 'auto' && link.to !== undefined).map((link) => [String(link.to), link]))
  const changes: ListChanges = { add: [], remove: [], update: [...plan.moved] }
  for (const entry of plan.auto) {
    const stored = storedAuto.get(String(entry.id))
    storedAuto.delete(String(entry.id))
    const rescored = !stored || stored.score !== entry.score || !sameReason(stored.reason, entry.reason)
    if (rescored) {
      if (stored) changes.remove.push(stored.id)
      changes.add.push(entry)
    } else if (stored.position !== entry.position) {
      changes.update.push({ id: stored.id, position: entry.position })
    }
  }
  changes.remove.push(...[...storedAuto.values()].map((link) => link.id))
  return changes
}
