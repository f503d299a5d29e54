import type { PayloadRequest } from 'payload'

import { Forbidden } from 'payload'

import { hasRole } from './roles'

/**
 * Who may run the jobs queue on demand (`/api/payload-jobs/run`, `/handle-schedules`): admins.
 * Payload answers a `false` here with 401 whoever asks, which tells a signed-in editor to sign
 * in again; throwing Forbidden makes theirs a 403, and an anonymous caller keeps the 401.
 */
export function mayRunJobsQueue({ req }: { req: PayloadRequest }): boolean {
  if (hasRole(req.user, 'admin')) return true
  if (req.user) throw new Forbidden(req.t)
  return false
}
