import type { CollectionBeforeDeleteHook } from 'payload'

import { WEBHOOK_DELIVERIES } from '../../slugs'

/**
 * An endpoint's delivery log goes with it (a delivery cannot point at nothing), in the same
 * transaction, before the endpoint's row: what was waiting is not sent, and a job that wakes
 * for it finds nothing to do.
 */
export const deleteDeliveries: CollectionBeforeDeleteHook = async ({ id, req }) => {
  await req.payload.delete({ collection: WEBHOOK_DELIVERIES, overrideAccess: true, req, where: { webhook: { equals: id } } })
}
