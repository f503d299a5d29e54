/**
 * Site-settings plugin: what a static site needs besides the content — the site's name and
 * tagline, navigation, footer. Public to read, admins to change. The petitions plugin adds
 * `defaultPetition` here.
 */
import type { Config, GlobalConfig, Plugin } from 'payload'

import { isAdmin } from '../../src/access/isAdmin'
import { anyone } from '../../src/access/roleAccess'
import { GROUPS, SITE_SETTINGS } from '../slugs'

export type SiteSettingsPluginOptions = {
  /** Changes to the `site-settings` global (fields as a function of the defaults). */
  overrides?: Partial<Omit<GlobalConfig, 'fields'>> & { fields?: (args: { defaultFields: GlobalConfig['fields'] }) => GlobalConfig['fields'] }
}

export const siteSettingsPlugin =
  (options: SiteSettingsPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const { fields: overrideFields, ...overrides } = options.overrides ?? {}
    const defaultFields: GlobalConfig['fields'] = [
      { name: 'name', type: 'text', defaultValue: 'Broadside' },
      { name: 'tagline', type: 'text' },
      {
        name: 'navigation',
        type: 'array',
        fields: [
          { name: 'label', type: 'text', required: true },
          { name: 'url', type: 'text', required: true },
        ],
      },
      { name: 'footerText', type: 'textarea' },
    ]
    const global: GlobalConfig = {
      slug: SITE_SETTINGS,
      access: { read: anyone, update: isAdmin },
      admin: { group: GROUPS.settings },
      ...overrides,
      fields: overrideFields ? overrideFields({ defaultFields }) : defaultFields,
    }
    return { ...incomingConfig, globals: [...(incomingConfig.globals ?? []), global] }
  }
