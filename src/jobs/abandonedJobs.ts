/**
 * Jobs a process left marked as processing when it died (kill -9, out of memory, power loss).
 * Payload's runner has no lease: it skips such a job forever, and with concurrency control every
 * job sharing its key too (one webhook endpoint would never deliver again). So before the
 * runner's tick — at most once per `checkEverySeconds` — jobs that have been processing longer
 * than the lease, far longer than any of our tasks takes, go back to the queue. A webhook
 * delivery run again keeps its webhook-id.
 */
import type { Payload } from 'payload'

import { positiveIntegerFromEnv } from '../utilities/envNumber'

/** `JOB_LEASE_SECONDS` (default 60): how long a job, and what it has claimed, may run. */
export const jobLeaseSeconds = (): number => positiveIntegerFromEnv('JOB_LEASE_SECONDS', 60)

export type AbandonedJobsOptions = {
  /** A job processing this long is taken to be abandoned. Longer than any task (deliveries give up after 15 s). */
  leaseSeconds: number
  /** @default the lease, at most 10 */
  checkEverySeconds?: number
}

/** A `jobs.shouldAutoRun` that returns abandoned jobs to the queue, then lets the runner run. */
export function returnAbandonedJobs({ checkEverySeconds, leaseSeconds }: AbandonedJobsOptions): (payload: Payload) => Promise<boolean> {
  const interval = (checkEverySeconds ?? Math.min(leaseSeconds, 10)) * 1000
  const lastCheck = new WeakMap<Payload, number>()
  return async (payload) => {
    const now = Date.now()
    if (now - (lastCheck.get(payload) ?? 0) < interval) return true
    lastCheck.set(payload, now)
    const { docs } = await payload.update({
      collection: 'payload-jobs',
      data: { processing: false },
      depth: 0,
      overrideAccess: true,
      where: { and: [{ processing: { equals: true } }, { updatedAt: { less_than: new Date(now - leaseSeconds * 1000).toISOString() } }] },
    })
    if (docs.length > 0) payload.logger.warn(`Returned ${docs.length} abandoned job(s) to the queue (processing for over ${leaseSeconds} s; their process died).`)
    return true
  }
}
