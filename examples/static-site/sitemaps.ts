/**
 * What crawlers read first: `sitemap.xml` (every list and article page, articles with their
 * publish date), `news-sitemap.xml` (Google News: articles published in the last two days) and
 * `robots.txt` pointing at both. Small enough to write by hand.
 */
import type { ArticlePage } from '../../src/articlePage/types'
import type { SiteConfig } from './siteConfig'

import { articlePage } from './paths'
import { absolute, escape } from './render/html'

/** Google News takes articles from the last two days only. */
const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000

export function sitemap(site: SiteConfig, listPaths: string[], articles: ArticlePage[]): string {
  const urls = [
    ...listPaths.map((path) => `<url><loc>${escape(absolute(site, path))}</loc></url>`),
    ...articles.map(
      ({ article }) =>
        `<url><loc>${escape(absolute(site, articlePage(article.slug!)))}</loc>${article.publishedAt ? `<lastmod>${escape(article.publishedAt)}</lastmod>` : ''}</url>`,
    ),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`
}

/** `now`: when the delivery is built; a publish older than the window drops out on a later build. */
export function newsSitemap(site: SiteConfig, articles: ArticlePage[], now: number): string {
  const recent = articles.filter(({ article }) => article.publishedAt && now - new Date(article.publishedAt).getTime() <= NEWS_WINDOW_MS)
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${recent
  .map(
    ({ article }) => `<url><loc>${escape(absolute(site, articlePage(article.slug!)))}</loc><news:news><news:publication><news:name>${escape(site.name)}</news:name><news:language>${escape(site.language.split('-')[0])}</news:language></news:publication><news:publication_date>${escape(article.publishedAt)}</news:publication_date><news:title>${escape(article.title)}</news:title></news:news></url>`,
  )
  .join('\n')}
</urlset>
`
}

export const robotsTxt = (site: SiteConfig) => `User-agent: *
Allow: /

Sitemap: ${absolute(site, 'sitemap.xml')}
Sitemap: ${absolute(site, 'news-sitemap.xml')}
`
