import type { CollectionBeforeValidateHook } from 'payload'

import { ValidationError } from 'payload'

import type { SectionKind } from '../kinds'

/**
 * Only kinds that take actions hold them. The admin hides `actions` on other kinds, and Payload
 * skips a hidden field's validation — so without this, actions sent with an Opinion section
 * were stored unchecked (`javascript:` links among them) and served on the page.
 *
 * Actions sent for a kind without them are refused, naming the field. A section switched away
 * from a kind with actions drops them: the admin still sends the hidden values it held, and
 * refusing would leave the editor no way to change the kind.
 */
export const actionsOnlyWhereTaken =
  (kinds: SectionKind[]): CollectionBeforeValidateHook =>
  ({ collection, data, operation, originalDoc }) => {
    if (!data) return data
    const takesActions = (kind: unknown) => kinds.some((candidate) => candidate.value === kind && candidate.takesActions)
    const kind = data.kind ?? originalDoc?.kind
    if (takesActions(kind)) return data
    const switchedAway = operation === 'update' && data.kind !== undefined && takesActions(originalDoc?.kind)
    const sent = Array.isArray(data.actions) && data.actions.length > 0
    if (sent && !switchedAway) {
      const label = kinds.find((candidate) => candidate.value === kind)?.label ?? String(kind)
      const holders = kinds.filter((candidate) => candidate.takesActions).map((candidate) => candidate.label)
      throw new ValidationError({
        collection: collection.slug,
        errors: [{ message: `A${/^[aeiou]/i.test(label) ? 'n' : ''} ${label} section holds no actions; only ${holders.join(', ') || 'no'} sections do.`, path: 'actions' }],
      })
    }
    if (sent || (Array.isArray(originalDoc?.actions) && originalDoc.actions.length > 0)) return { ...data, actions: [] }
    return data
  }
