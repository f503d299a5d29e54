/**
 * Which commentary sections an article still needs before it can be published: a pure
 * function of the registered kinds, the article's categories and its sections, shared by the
 * publish check, the delete/empty guards and the admin's checklist.
 */
import type { SectionKind } from '../../collections/sections/kinds'

import { richTextHasText } from './richTextHasText'

export type SectionLike = { actions?: null | unknown[]; body?: unknown; kind?: null | string }

export type RequirementsByCategory = Record<string, string[]>

export type ChecklistItem = { kind: string; label: string; present: boolean }

/** A section counts when its body has text or, for kinds that take actions, it lists one. */
export function sectionCounts(section: SectionLike, kinds: SectionKind[]): boolean {
  const kind = kinds.find((candidate) => candidate.value === section.kind)
  if (!kind) return false
  if (kind.takesActions && Array.isArray(section.actions) && section.actions.length > 0) return true
  return richTextHasText(section.body)
}

/**
 * The kinds publishing needs. A category listed in `byCategory` replaces the kinds' own
 * defaults; an article in several such categories needs only what all of them need.
 */
export function requiredKinds(kinds: SectionKind[], categorySlugs: string[], byCategory: RequirementsByCategory = {}): SectionKind[] {
  const overrides = categorySlugs.filter((slug) => slug in byCategory).map((slug) => new Set(byCategory[slug]))
  if (overrides.length === 0) return kinds.filter((kind) => kind.requiredToPublish)
  return kinds.filter((kind) => overrides.every((required) => required.has(kind.value)))
}

export function publishChecklist(args: {
  byCategory?: RequirementsByCategory
  categorySlugs: string[]
  kinds: SectionKind[]
  sections: SectionLike[]
}): ChecklistItem[] {
  const counting = new Set(args.sections.filter((section) => sectionCounts(section, args.kinds)).map((section) => section.kind))
  return requiredKinds(args.kinds, args.categorySlugs, args.byCategory).map((kind) => ({
    kind: kind.value,
    label: kind.label,
    present: counting.has(kind.value),
  }))
}

export function missingSectionsMessage(checklist: ChecklistItem[]): null | string {
  const missing = checklist.filter((item) => !item.present).map((item) => item.label)
  return missing.length === 0 ? null : `Publishing needs these sections: ${missing.join(', ')}`
}
