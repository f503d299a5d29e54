/**
 * A list of articles is what index and category pages show: cards, not pages. Each join on an
 * article (its sections, its related links) holds more than the article itself, so a list
 * leaves a join out unless the reader names it — in `joins` (`?joins[sections][limit]=50`) or
 * in `select`. Reading one article (by id) carries its joins as before, and so do draft reads
 * (the admin's list view, previews), which want the whole document.
 */
import type { CollectionBeforeOperationHook } from 'payload'

type ListArgs = { draft?: boolean; id?: unknown; joins?: false | Record<string, unknown>; select?: Record<string, unknown> }

export function leaveJoinOutOfLists(joinName: string): CollectionBeforeOperationHook {
  return ({ args, operation }) => {
    const list = args as ListArgs
    if (operation !== 'read' || list.id !== undefined || list.draft || list.joins === false) return args
    if (list.joins?.[joinName] !== undefined || list.select?.[joinName]) return args
    return { ...args, joins: { ...list.joins, [joinName]: false } }
  }
}
