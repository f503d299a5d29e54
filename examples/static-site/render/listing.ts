/**
 * List pages: the index and each category, newest first, a page at a time with links to the
 * pages before and after; and the page listing every category.
 */
import type { ArticlePage } from '../../../src/articlePage/types'
import type { SiteConfig } from '../siteConfig'

import { articlePage, CATEGORY_INDEX, categoryPage, feedPaths, listPage } from '../paths'
import { documentShell, escape, linkFrom, mediaUrl, shortDate } from './html'

export type CategoryJson = { id: number | string; name: string; slug: string }

export type ListPage = { html: string; path: string }

function card(site: SiteConfig, from: string, { article }: ArticlePage): string {
  const image = article.heroImage
  const thumbnail = image?.sizes?.thumbnail?.url ? image.sizes.thumbnail : image
  return `<li class="teaser">
${thumbnail?.url ? `<img src="${escape(mediaUrl(site, thumbnail.url))}" alt="" loading="lazy"${thumbnail.width ? ` width="${thumbnail.width}" height="${thumbnail.height}"` : ''}>` : ''}
<h2><a href="${escape(linkFrom(from, articlePage(article.slug!)))}">${escape(article.title)}</a></h2>
<p class="meta">${[article.source.outlet, article.publishedAt ? `<time datetime="${escape(article.publishedAt)}">${escape(shortDate(site, article.publishedAt))}</time>` : ''].filter(Boolean).join(' · ')}</p>
${article.summary ? `<p>${escape(article.summary)}</p>` : ''}
</li>`
}

/**
 * Every page of one list (at least one, empty or not). `first` is its first page's path
 * (`index.html`, `categories/<slug>.html`), the others follow from it (../paths).
 */
export function listPages(site: SiteConfig, options: { articles: ArticlePage[]; first: string; intro?: string; title: string }): ListPage[] {
  const { articles, first, title } = options
  const count = Math.max(1, Math.ceil(articles.length / site.pageSize))
  const pages: ListPage[] = []
  for (let n = 1; n <= count; n++) {
    const path = listPage(first, n)
    const to = (target: string) => escape(linkFrom(path, target))
    const shown = articles.slice((n - 1) * site.pageSize, n * site.pageSize)
    const pager =
      count > 1
        ? `<nav class="pager" aria-label="Pages">${n > 1 ? `<a rel="prev" href="${to(listPage(first, n - 1))}">Newer</a>` : ''}<span>Page ${n} of ${count}</span>${n < count ? `<a rel="next" href="${to(listPage(first, n + 1))}">Older</a>` : ''}</nav>`
        : ''
    const heading = n === 1 ? title : `${title}, page ${n}`
    const main = `<h1>${escape(heading)}</h1>
${options.intro ?? ''}
${shown.length ? `<ol class="teasers">\n${shown.map((page) => card(site, path, page)).join('\n')}\n</ol>` : '<p>Nothing published here yet.</p>'}
${pager}`
    pages.push({ html: documentShell(site, { feeds: feedPaths(first), page: path, title: heading }, main), path })
  }
  return pages
}

/** A list of category links, for the index's intro and the categories page. */
export function categoryLinks(from: string, categories: CategoryJson[]): string {
  if (categories.length === 0) return ''
  return `<nav aria-label="Categories"><ul class="categories">${categories
    .map((category) => `<li><a href="${escape(linkFrom(from, categoryPage(category.slug)))}">${escape(category.name)}</a></li>`)
    .join('')}</ul></nav>`
}

export function categoryIndex(site: SiteConfig, categories: CategoryJson[]): ListPage {
  const main = `<h1>Categories</h1>\n${categoryLinks(CATEGORY_INDEX, categories) || '<p>No categories yet.</p>'}`
  return { html: documentShell(site, { page: CATEGORY_INDEX, title: 'Categories' }, main), path: CATEGORY_INDEX }
}
