/**
 * The example site's settings: where Broadside answers, where the site lives, and how it reads
 * (name, language, time zone, list length). Names and tagline come from Broadside's
 * `site-settings` global when it has them.
 */
export type SiteConfig = {
  /**
   * Where Broadside answers, e.g. http://127.0.0.1:3000 (media and the signing endpoint are there);
   * empty for a page Broadside serves itself (its live preview): links to it stay relative.
   */
  broadsideUrl: string
  footerText: null | string
  /** The `lang` of every page and the feeds' language. */
  language: string
  name: string
  /** Articles per list page and per feed. */
  pageSize: number
  /** The site's public address, no trailing slash: canonical URLs, feeds, sitemaps, JSON-LD. */
  siteUrl: string
  tagline: null | string
  /** The IANA time zone dates are shown in, e.g. America/New_York. */
  timeZone: string
}

export const DEFAULT_PAGE_SIZE = 20

/** What `GET /api/globals/site-settings` answers, as far as the site uses it. */
export type SiteSettingsJson = { footerText?: null | string; name?: null | string; tagline?: null | string }
