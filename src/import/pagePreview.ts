/**
 * What importing a page will write, for a person to check before it happens: its categories
 * (and which are new), its sections, the typed actions found in its To Do section and its
 * related titles. Pure: the parsed page and the categories the site has already.
 */
import type { ParsedPage, ParsedRelated, SectionKindValue } from './parsePage'

import { categoryKey } from './parsePage'
import { extractActions, type ImportedAction } from './todoActions'

export type PagePreview = {
  categories: { name: string; isNew: boolean }[]
  sections: { kind: SectionKindValue; heading: string }[]
  actions: ImportedAction[]
  related: ParsedRelated[]
  /** The page calls readers to sign a petition. */
  petitionCalls: number
}

/** @param knownCategories the site's categories, by categoryKey */
export function pagePreview(page: ParsedPage, knownCategories: { has: (key: string) => boolean }): PagePreview {
  return {
    actions: page.sections.filter((section) => section.kind === 'todo').flatMap((section) => extractActions(section.markdown)),
    categories: page.categories.map((name) => ({ isNew: !knownCategories.has(categoryKey(name)), name })),
    petitionCalls: page.petitionCalls,
    related: page.related,
    sections: page.sections.map(({ heading, kind }) => ({ heading, kind })),
  }
}
