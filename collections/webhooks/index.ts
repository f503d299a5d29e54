/**
 * Webhooks plugin: outgoing webhooks that rebuild static sites. Adds the `webhooks` and
 * `webhook-deliveries` collections (admins only; editors see the site status and redeliver), the delivery task of the Jobs Queue, and the
 * content-event hooks on whichever content types are in the config (hooks/contentEvents).
 */
import type { CollectionConfig, Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import {
  changedEvents,
  deletedEvents,
  publishTransitionEvents,
  relatedLinkEvents,
  rememberLiveState,
  sectionEvents,
} from '../../hooks/contentEvents/index'
import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { extendCollection } from '../../src/plugins/extendCollection'
import { addBeforeClose } from '../../src/utilities/beforeClose'
import { ARTICLES, CATEGORIES, MEDIA, PETITIONS, RELATED_LINKS, SECTIONS } from '../slugs'
import { checkSecret, type DeclaredEndpoint, syncDeclaredEndpoints } from './declaredEndpoints'
import { startDeliveryRunner, stopDeliveries } from './deliveryRunner'
import { redeliverEndpoint, rotateSecretEndpoint, sendTestEndpoint } from './endpoints'
import { deliverWebhookTask } from './runDelivery'
import { siteStatusEndpoint } from './siteStatus'
import { webhookDeliveriesCollection } from './WebhookDeliveries'
import { webhooksCollection } from './Webhooks'

export type { DeclaredEndpoint } from './declaredEndpoints'

export type WebhooksPluginOptions = {
  /** Changes to the `webhook-deliveries` collection. */
  deliveriesOverrides?: CollectionOverrides
  /**
   * Endpoints kept in code, written to the `webhooks` collection on start-up.
   * @default []
   */
  endpoints?: DeclaredEndpoint[]
  /**
   * Keep the collections (for migrations) but send nothing.
   * @default false
   */
  disabled?: boolean
  /** Changes to the `webhooks` collection. */
  webhooksOverrides?: CollectionOverrides
}

const SITE_STATUS = '/collections/webhooks/admin/SiteStatus#SiteStatus'

export const webhooksPlugin =
  (options: WebhooksPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const webhooks: CollectionConfig = { ...webhooksCollection(), endpoints: [rotateSecretEndpoint, sendTestEndpoint] }
    const deliveries: CollectionConfig = { ...webhookDeliveriesCollection(), endpoints: [siteStatusEndpoint, redeliverEndpoint] }
    let config: Config = {
      ...incomingConfig,
      // Site status (each endpoint's last delivery, with Redeliver) on the dashboard and beside each article.
      admin: {
        ...incomingConfig.admin,
        components: {
          ...incomingConfig.admin?.components,
          beforeDashboard: [...(incomingConfig.admin?.components?.beforeDashboard ?? []), SITE_STATUS],
        },
      },
      collections: [
        ...(incomingConfig.collections ?? []),
        applyCollectionOverrides(webhooks, options.webhooksOverrides, options),
        applyCollectionOverrides(deliveries, options.deliveriesOverrides, options),
      ],
      jobs: {
        ...incomingConfig.jobs,
        // Deliveries to one endpoint run one at a time (the task's concurrency key).
        enableConcurrencyControl: true,
        tasks: [...(incomingConfig.jobs?.tasks ?? []), deliverWebhookTask],
      },
    }
    config = extendCollection(config, ARTICLES, {
      fields: [{ name: 'siteStatus', type: 'ui', admin: { components: { Field: SITE_STATUS }, position: 'sidebar' } }],
    })
    if (options.disabled) return config
    const autoRun = incomingConfig.jobs?.autoRun
    config.jobs = {
      ...config.jobs,
      // Payload asks for its runners only in a process that runs jobs: the deliveries' own runner
      // (their queue) starts there, beside them.
      autoRun: async (payload) => {
        payload.crons.push(startDeliveryRunner(payload))
        return typeof autoRun === 'function' ? autoRun(payload) : (autoRun ?? [])
      },
    }
    // On shutdown, deliveries in flight are aborted and left to retry under the same webhook-id.
    config = addBeforeClose(config, stopDeliveries)
    const declared = options.endpoints ?? []
    declared.forEach(checkSecret)
    if (declared.length > 0) {
      config = {
        ...config,
        onInit: async (payload) => {
          await incomingConfig.onInit?.(payload)
          await syncDeclaredEndpoints(payload, declared)
        },
      }
    }
    const both = <T>(hook: T) => ({ afterChange: [hook], afterDelete: [hook] })
    config = extendCollection(config, ARTICLES, {
      hooks: { afterChange: [publishTransitionEvents('article')], afterDelete: [deletedEvents('article.deleted', true)], beforeChange: [rememberLiveState] },
    })
    config = extendCollection(config, PETITIONS, {
      hooks: { afterChange: [publishTransitionEvents('petition')], afterDelete: [deletedEvents('petition.unpublished', false)], beforeChange: [rememberLiveState] },
    })
    config = extendCollection(config, SECTIONS, { hooks: both(sectionEvents) as never })
    config = extendCollection(config, RELATED_LINKS, { hooks: both(relatedLinkEvents) as never })
    config = extendCollection(config, CATEGORIES, { hooks: both(changedEvents('category.changed')) as never })
    return extendCollection(config, MEDIA, { hooks: both(changedEvents('media.changed')) as never })
  }
