import type { CollectionConfig } from 'payload'

import { isAdmin } from '../../src/access/isAdmin'
import { GROUPS, WEBHOOK_DELIVERIES, WEBHOOKS } from '../slugs'

const nobody = () => false

/** The delivery log: what went to which endpoint, each attempt, and how it ended. */
export function webhookDeliveriesCollection(): CollectionConfig {
  return {
    slug: WEBHOOK_DELIVERIES,
    // Written only by the event hooks and the delivery task.
    access: { create: nobody, delete: isAdmin, read: isAdmin, update: nobody },
    admin: { defaultColumns: ['webhook', 'eventTypes', 'status', 'updatedAt'], group: GROUPS.settings },
    defaultSort: '-createdAt',
    // An endpoint's deliveries, newest first, is what site status reads for each endpoint on
    // every poll: one index walk, however long the log grows (it also serves `webhook =`).
    indexes: [{ fields: ['webhook', 'createdAt'] }],
    fields: [
      { name: 'webhook', type: 'relationship', relationTo: WEBHOOKS, required: true },
      { name: 'messageId', type: 'text', admin: { description: 'The webhook-id header: the same on every retry.' }, index: true, required: true },
      {
        name: 'status',
        type: 'select',
        defaultValue: 'pending',
        index: true,
        options: ['pending', 'sending', 'succeeded', 'failed', 'dead'].map((value) => ({ label: value, value })),
      },
      {
        name: 'eventTypes',
        type: 'json',
        admin: {
          components: {
            Cell: '/collections/webhooks/admin/EventTypeChips#EventTypesCell',
            Field: '/collections/webhooks/admin/EventTypeChips#EventTypesField',
          },
        },
      },
      { name: 'items', type: 'json', admin: { description: 'The changed items: collection, id, slug, event.' } },
      {
        name: 'redeliver',
        type: 'ui',
        admin: { components: { Field: '/collections/webhooks/admin/WebhookAction#Redeliver' }, position: 'sidebar' },
      },
      { name: 'firstChangeAt', type: 'date' },
      { name: 'sendAt', type: 'date' },
      { name: 'job', type: 'text', admin: { hidden: true } },
      {
        name: 'attempts',
        type: 'json',
        admin: { description: 'Each attempt: at, statusCode, durationMs, and the first 1 kB of the answer or the error.' },
      },
    ],
  }
}
