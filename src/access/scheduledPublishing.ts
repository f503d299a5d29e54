/**
 * The admin's "Schedule publish" door. Payload's server function queues a publish or unpublish
 * job for any signed-in user (and cancels any scheduled one by id), checking no more than
 * access to the admin; the job later runs as that user. Scheduling changes what visitors will
 * see, so only those who may change live content schedule or cancel.
 */
import type { ServerFunction } from 'payload'

import { schedulePublishHandler, type SchedulePublishHandlerArgs } from '@payloadcms/ui/utilities/schedulePublishHandler'
import { Forbidden } from 'payload'

import { canChangeLiveContent } from './liveContent'

export const schedulePublishByEditors: ServerFunction<SchedulePublishHandlerArgs> = async (args) => {
  if (!canChangeLiveContent(args.req.user)) throw new Forbidden(args.req.t)
  return schedulePublishHandler(args)
}
