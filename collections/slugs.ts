/**
 * The collection and global slugs frontend developers code against (documented in the
 * README). Plugins that link to each other's collections meet here.
 */
export const ARTICLES = 'articles'
export const CATEGORIES = 'categories'
export const SECTIONS = 'sections'
export const PETITIONS = 'petitions'
export const SIGNATURES = 'signatures'
export const RELATED_LINKS = 'related-links'
/** The related-articles term index (internal: admins may read it, only the publishing hooks write it). */
export const RELATED_TERMS = 'related-terms'
export const RELATED_POSTINGS = 'related-postings'
export const RELATED_VECTORS = 'related-vectors'
export const MEDIA = 'media'
export const USERS = 'users'
export const SITE_SETTINGS = 'site-settings'
export const WEBHOOKS = 'webhooks'
export const WEBHOOK_DELIVERIES = 'webhook-deliveries'

/** Admin navigation groups. */
export const GROUPS = { content: 'Content', engagement: 'Engagement', settings: 'Settings' } as const
