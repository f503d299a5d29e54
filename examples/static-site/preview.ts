/**
 * The example site's article page as Broadside's live preview shows it: the same HTML the site
 * writes (`renderArticle`), with the site's name, tagline and footer from `site-settings`, and
 * its stylesheet inlined, since the preview is served from Broadside, where the site's own
 * `site.css` is not. Media and the signing form point at Broadside itself (relative links).
 */
import type { PayloadRequest } from 'payload'

import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { ArticlePage } from '../../src/articlePage/types'

import { renderArticle } from './render/article'
import { DEFAULT_PAGE_SIZE, type SiteConfig, type SiteSettingsJson } from './siteConfig'

export type PreviewSiteOptions = {
  /** @default 'en' */
  language?: string
  /** The site's public address (canonical links in the preview's head). @default PUBLIC_URL */
  siteUrl?: string
  /** @default 'UTC' */
  timeZone?: string
}

let styles: Promise<string> | undefined

/**
 * The site's stylesheet, read once: beside this file, or — in the server's bundled build, where
 * this module no longer sits beside it — under the project folder the server runs in. (A
 * `new URL('./assets/site.css', import.meta.url)` made the bundler try to load it as a module.)
 */
function siteCss(): Promise<string> {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'site.css')
  styles ??= readFile(beside, 'utf8')
    .catch(() => readFile(path.resolve('examples', 'static-site', 'assets', 'site.css'), 'utf8'))
    .catch((error: unknown) => {
      styles = undefined
      throw error
    })
  return styles
}

/** `renderArticle` for the preview of `page`, read as the signed-in editor (`req`). */
export function staticSitePreview(options: PreviewSiteOptions = {}) {
  return async (page: ArticlePage, req: PayloadRequest): Promise<string> => {
    const settings = (await req.payload
      .findGlobal({ depth: 0, overrideAccess: false, req, slug: 'site-settings' as never })
      .catch(() => ({}))) as SiteSettingsJson
    const site: SiteConfig = {
      broadsideUrl: '',
      footerText: settings.footerText || null,
      language: options.language ?? 'en',
      name: settings.name || 'Broadside',
      pageSize: DEFAULT_PAGE_SIZE,
      siteUrl: (options.siteUrl ?? process.env.PUBLIC_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, ''),
      tagline: settings.tagline || null,
      timeZone: options.timeZone ?? 'UTC',
    }
    const html = renderArticle(site, page)
    const css = (await siteCss()).replaceAll('</', '<\\/')
    // The page links `site.css` and `site.js` relative to its place in the site; neither exists here.
    return html.replace(/<link rel="stylesheet" href="[^"]*">/, () => `<style>\n${css}</style>`).replace(/<script src="[^"]*site\.js" defer><\/script>\n?/, '')
  }
}
