import type { CollectionBeforeChangeHook } from 'payload'

/**
 * Pinning or excluding an automatic link is an editor's choice, and the list rebuild keeps only
 * editors' links (it replaces automatic ones and would bring an excluded article back): the
 * link becomes the editor's (`origin: 'manual'`), keeping its score and reason for the record.
 */
export const editorsChoiceIsManual: CollectionBeforeChangeHook = ({ data, originalDoc }) => {
  const merged = { ...originalDoc, ...data }
  if (merged.origin === 'auto' && (merged.pinned === true || merged.excluded === true)) return { ...data, origin: 'manual' }
  return data
}
