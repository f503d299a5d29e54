/**
 * `GET /api/payload-jobs/handle-schedules` when no task or workflow has a schedule: Payload
 * answers 500 ("Cannot handle schedules…"), which reads as a server fault to a cron that calls
 * it. Broadside schedules nothing by cron (scheduled publishing queues jobs with `waitUntil`),
 * so, once access allows it, that case answers 200 saying there is nothing to do, as Payload's
 * `/run` does when there are no jobs.
 */
import type { Endpoint } from 'payload'

import { mayRunJobsQueue } from '../access/runJobsQueue'

export function withNothingToSchedule(endpoint: Endpoint): Endpoint {
  if (endpoint.path !== '/handle-schedules') return endpoint
  return {
    ...endpoint,
    handler: async (req) => {
      // A refusal (false, or a thrown Forbidden) is Payload's to answer, as for every other call.
      if (!req.payload.config.jobs.scheduling && mayRunJobsQueue({ req })) {
        return Response.json({ errored: [], message: 'No task or workflow has a schedule: nothing to handle.', queued: [], skipped: [] })
      }
      return endpoint.handler(req)
    },
  }
}
