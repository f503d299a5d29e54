/**
 * Where each page of the example site lives, as a path from the site's root. One place, so
 * pages, feeds, sitemaps and the incremental rebuild agree.
 */
export const articlePage = (slug: string) => `articles/${slug}.html`
export const categoryPage = (slug: string) => `categories/${slug}.html`
export const CATEGORY_INDEX = 'categories/index.html'

/** Page `n` (1-based) of a list whose first page is `first` (`index.html`, `categories/x.html`). */
export function listPage(first: string, n: number): string {
  if (n === 1) return first
  return first === 'index.html' ? `page/${n}.html` : `${first.replace(/\.html$/, '')}/page/${n}.html`
}

/** The feeds of a list: the site's at the root, a category's beside its page. */
export function feedPaths(first: string) {
  const base = first === 'index.html' ? '' : `${first.replace(/\.html$/, '')}/`
  return { atom: `${base}atom.xml`, json: `${base}feed.json`, rss: `${base}feed.xml` }
}
