/**
 * Who may change what visitors see — the live version of a published document, publishing and
 * unpublishing, scheduling either. Editors and admins; authors write drafts and hand them on.
 */
import { hasRole } from './roles'

type MaybeUser = Parameters<typeof hasRole>[0]

export function canChangeLiveContent(user: MaybeUser): boolean {
  return hasRole(user, 'admin', 'editor')
}
