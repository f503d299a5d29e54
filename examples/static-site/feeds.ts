/**
 * The feeds of a list (the site's, or one category's): RSS 2.0, Atom and JSON Feed, made by the
 * `feed` package from the newest articles. A feed's `updated` is its newest article's date, not
 * the time of the build, so rebuilding an unchanged list writes the same bytes (and nothing).
 */
import { Feed } from 'feed'

import type { ArticlePage } from '../../src/articlePage/types'
import type { SiteConfig } from './siteConfig'

import { articlePage, feedPaths } from './paths'
import { absolute, escape, mediaUrl } from './render/html'

export type FeedFile = { body: string; path: string }

export function feedFiles(site: SiteConfig, options: { articles: ArticlePage[]; first: string; title: string }): FeedFile[] {
  const paths = feedPaths(options.first)
  const newest = options.articles.slice(0, site.pageSize)
  const dated = (page: ArticlePage) => new Date(page.article.publishedAt ?? 0)
  const feed = new Feed({
    copyright: site.footerText ?? `© ${site.name}`,
    description: site.tagline ?? undefined,
    feedLinks: { atom: absolute(site, paths.atom), json: absolute(site, paths.json), rss: absolute(site, paths.rss) },
    generator: 'Broadside example static site',
    id: absolute(site, options.first),
    language: site.language,
    link: absolute(site, options.first),
    title: options.first === 'index.html' ? site.name : `${options.title} · ${site.name}`,
    updated: newest[0] ? dated(newest[0]) : new Date(0),
  })
  // Titles and summaries are plain text. The `feed` package sends them as HTML (Atom's
  // type="html", RSS's CDATA, JSON Feed's content_html), so they go in escaped: "Costs < benefits"
  // reads as written and a summary that mentions markup is not markup. JSON Feed's title is plain
  // text, so that feed gets its own items with the title as is.
  const jsonFeed = new Feed({ ...feed.options })
  for (const page of newest) {
    const { article } = page
    const url = absolute(site, articlePage(article.slug!))
    const image = article.heroImage?.sizes?.og?.url ?? article.heroImage?.url
    const item = {
      author: article.source.byline ? [{ name: article.source.byline }] : undefined,
      category: article.categories.map((category) => ({ name: category.name })),
      date: dated(page),
      id: url,
      image: image ? mediaUrl(site, image) : undefined,
      link: url,
      published: dated(page),
    }
    feed.addItem({ ...item, description: article.summary ? escape(article.summary) : undefined, title: escape(article.title ?? '') })
    // JSON Feed requires content_html or content_text on every item: the summary, else the title.
    jsonFeed.addItem({ ...item, content: escape(article.summary || article.title || ''), title: article.title ?? '' })
  }
  return [
    { body: feed.rss2(), path: paths.rss },
    { body: feed.atom1(), path: paths.atom },
    { body: jsonFeed.json1(), path: paths.json },
  ]
}
