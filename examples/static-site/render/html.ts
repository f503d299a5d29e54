/**
 * What every page of the example site shares: escaping, links between pages, dates in the
 * site's time zone, and the page shell (head metadata, header, footer).
 */
import path from 'node:path'

import type { SiteConfig } from '../siteConfig'

export const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (char) => ({ '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[char]!)

/**
 * A link from one page of the site to another, relative (so the folder works from any host or a
 * file system), both given as paths from the site's root (`articles/x.html`).
 */
export function linkFrom(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to)
  return encodePath(relative === '' ? path.posix.basename(to) : relative)
}

/** A file path as a URL path: each segment percent-encoded, so a slug holding `#`, `?` or a space still names its file. */
export const encodePath = (filePath: string) => filePath.split('/').map((segment) => (segment === '..' ? segment : encodeURIComponent(segment))).join('/')

/** The absolute URL of a page of the site (for canonical links, feeds, sitemaps and JSON-LD). */
export const absolute = (site: SiteConfig, page: string) => new URL(page === 'index.html' ? '' : encodePath(page), `${site.siteUrl}/`).href

/**
 * A media URL as Broadside answers it (`/api/media/file/…`), made absolute; kept as it is when
 * `broadsideUrl` is empty (a page Broadside serves itself, such as its live preview).
 */
export const mediaUrl = (site: SiteConfig, url: null | string | undefined) => (url ? (site.broadsideUrl ? new URL(url, `${site.broadsideUrl}/`).href : url) : undefined)

/** "Sunday, August 17, 2025, 10:28 AM EDT" in the site's time zone. */
export function longDate(site: SiteConfig, iso: null | string | undefined): string {
  if (!iso) return ''
  const when = new Date(iso)
  const inZone = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { ...options, timeZone: site.timeZone }).format(when)
  // Date and time formatted apart and joined with a comma: together, ICU joins them with "at".
  const date = inZone({ day: 'numeric', month: 'long', weekday: 'long', year: 'numeric' })
  const time = inZone({ hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })
  // Newer ICU puts a narrow no-break space before AM/PM; a plain one reads (and matches) the same.
  return `${date}, ${time}`.replace(/\u202f/g, ' ')
}

/** "August 17, 2025", for lists. */
export function shortDate(site: SiteConfig, iso: null | string | undefined): string {
  if (!iso) return ''
  return new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'long', timeZone: site.timeZone, year: 'numeric' }).format(new Date(iso))
}

export type Shell = {
  /** The feeds to announce (the site's by default), as paths from the site's root. */
  feeds?: { atom: string; json: string; rss: string }
  /** Raw HTML for the head: metadata, JSON-LD. */
  head?: string
  /** The page's path from the site's root: links and the canonical URL follow from it. */
  page: string
  /** The document title, before " · site name". */
  title: string
}

/** A whole HTML document around `main`. */
export function documentShell(site: SiteConfig, shell: Shell, main: string): string {
  const to = (target: string) => escape(linkFrom(shell.page, target))
  const feeds = shell.feeds ?? { atom: 'atom.xml', json: 'feed.json', rss: 'feed.xml' }
  const title = shell.page === 'index.html' ? site.name : `${shell.title} · ${site.name}`
  return `<!doctype html>
<html lang="${escape(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escape(title)}</title>
<link rel="canonical" href="${escape(absolute(site, shell.page))}">
<link rel="icon" href="${to('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${to('site.css')}">
<script src="${to('site.js')}" defer></script>
<link rel="alternate" type="application/rss+xml" title="${escape(site.name)} (RSS)" href="${to(feeds.rss)}">
<link rel="alternate" type="application/atom+xml" title="${escape(site.name)} (Atom)" href="${to(feeds.atom)}">
<link rel="alternate" type="application/feed+json" title="${escape(site.name)} (JSON Feed)" href="${to(feeds.json)}">
${shell.head ?? ''}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
<a class="brand" href="${to('index.html')}">${escape(site.name)}</a>
${site.tagline ? `<p class="tagline">${escape(site.tagline)}</p>` : ''}
<nav aria-label="Site"><a href="${to('index.html')}">Latest</a> <a href="${to('categories/index.html')}">Categories</a> <a href="${to('feed.xml')}">RSS</a></nav>
</header>
<main id="main">
${main}
</main>
<footer class="colophon"><p>${escape(site.footerText || `${site.name}: news, our commentary, and what you can do about it.`)}</p></footer>
</body>
</html>
`
}
