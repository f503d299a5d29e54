import { createHash } from 'node:crypto'

/**
 * Where each page of the example site lives, as a path from the site's root. One place, so
 * pages, feeds, sitemaps and the incremental rebuild agree.
 */
export const articlePage = (slug: string) => `articles/${fileName(slug)}.html`
export const categoryPage = (slug: string) => `categories/${fileName(slug)}.html`

/** File systems allow 255 bytes per name; with room for `.html`, a temporary suffix and a category's folder. */
const MAX_NAME_BYTES = 180

/**
 * The slug itself, unless it is too long for a file name (Broadside accepts any length: a
 * 400-character headline makes a 370-character slug): then as much of it as fits, cut at a
 * character, and a hash of the whole, so two long slugs never share a file.
 */
export function fileName(slug: string): string {
  if (Buffer.byteLength(slug) <= MAX_NAME_BYTES) return slug
  const hash = createHash('sha1').update(slug).digest('hex').slice(0, 12)
  let kept = ''
  for (const character of slug) {
    if (Buffer.byteLength(kept + character) > MAX_NAME_BYTES - hash.length - 1) break
    kept += character
  }
  return `${kept}-${hash}`
}
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
