import type { Access, CollectionConfig } from 'payload'

import { isIP } from 'node:net'

import { isAdmin } from '../../src/access/isAdmin'
import { allowedHosts, isInternalAddress } from '../../src/webhooks/addressGuard'
import { EVENT_TYPES } from '../../src/webhooks/events'
import { GROUPS, WEBHOOKS } from '../slugs'
import { deleteDeliveries } from './hooks/deliveries'
import { generateSecret, showSecretOnce } from './hooks/secret'

const nobody = () => false
const notDeclared: Access = (args) => (isAdmin(args) ? { declaredInConfig: { not_equals: true } } : false)

/** Where content events go: a static-site builder's URL, what it wants, and how. */
export function webhooksCollection(): CollectionConfig {
  return {
    slug: WEBHOOKS,
    // Endpoints declared in the config are kept in code: the API changes neither them nor their secret.
    access: { create: isAdmin, delete: notDeclared, read: isAdmin, update: notDeclared },
    admin: { defaultColumns: ['name', 'url', 'mode', 'active'], group: GROUPS.settings, useAsTitle: 'name' },
    fields: [
      { name: 'name', type: 'text', required: true },
      {
        name: 'url',
        type: 'text',
        required: true,
        validate: (value: unknown) => {
          let url: URL
          try {
            url = new URL(String(value ?? ''))
          } catch {
            return 'url must be a full URL, e.g. https://builds.example.org/hook'
          }
          if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must start with http:// or https://'
          // A literal internal address is refused right away; a name is checked when delivering.
          const host = url.hostname.replace(/^\[|\]$/g, '')
          if (isIP(host) && isInternalAddress(host) && !allowedHosts().has(host.toLowerCase())) {
            return `url: ${host} is an internal address; add it to WEBHOOK_ALLOW_HOSTS to allow it.`
          }
          return true
        },
      },
      {
        // Text, not a select: `*` (every event) and dotted names cannot be GraphQL enum values.
        name: 'events',
        type: 'text',
        admin: { description: `Any of: * (every event), ${EVENT_TYPES.join(', ')}.` },
        hasMany: true,
        required: true,
        validate: (value: unknown) => {
          const events = Array.isArray(value) ? value : []
          if (events.length === 0) return 'events: list at least one event, or * for every event.'
          const unknown = events.filter((event) => event !== '*' && !(EVENT_TYPES as readonly string[]).includes(String(event)))
          return unknown.length === 0 ? true : `events: unknown ${unknown.join(', ')}; allowed are *, ${EVENT_TYPES.join(', ')}.`
        },
      },
      {
        name: 'mode',
        type: 'select',
        admin: { description: 'Event: a signed JSON body per delivery. Deploy: an empty POST, for deploy hooks.' },
        defaultValue: 'event',
        options: [
          { label: 'Event', value: 'event' },
          { label: 'Deploy', value: 'deploy' },
        ],
      },
      {
        name: 'coalesceSeconds',
        type: 'number',
        admin: { description: 'Changes within this many seconds go out as one delivery. Empty: 10 in deploy mode, 0 in event mode.' },
        max: 60,
        min: 0,
      },
      { name: 'active', type: 'checkbox', defaultValue: true },
      {
        name: 'sendTest',
        type: 'ui',
        admin: { components: { Field: '/collections/webhooks/admin/WebhookAction#SendTestEvent' }, position: 'sidebar' },
      },
      {
        name: 'declaredInConfig',
        type: 'checkbox',
        admin: { description: 'Declared in the config (webhooksPlugin endpoints): change it there.', readOnly: true },
        defaultValue: false,
      },
      { name: 'disabledReason', type: 'text', admin: { readOnly: true } },
      {
        name: 'headers',
        type: 'array',
        admin: { description: 'Sent with every delivery, e.g. an authorization header a builder asks for.' },
        fields: [
          { name: 'name', type: 'text', required: true },
          { name: 'value', type: 'text', required: true },
        ],
      },
      // The signing secret is shown once, when the endpoint is created or its secret rotated,
      // and never returned by any API after that.
      { name: 'secret', type: 'text', access: { create: nobody, read: nobody, update: nobody }, admin: { hidden: true } },
      { name: 'previousSecret', type: 'text', access: { create: nobody, read: nobody, update: nobody }, admin: { hidden: true } },
      { name: 'previousSecretExpiresAt', type: 'date', admin: { hidden: true } },
    ],
    hooks: { afterOperation: [showSecretOnce], beforeChange: [generateSecret], beforeDelete: [deleteDeliveries] },
  }
}
