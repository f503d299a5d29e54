/**
 * The example site's content and how it is rebuilt. It keeps, in memory, every published
 * article's page as `GET /api/articles/page/:slug` answered it, and the categories. A full
 * build reads everything; a delivery re-reads only the articles it names (the changed one, and
 * the neighbours whose related lists changed: Broadside lists those as `article.updated`) and
 * the articles showing a changed petition, then renders the lists, feeds and sitemaps that can
 * show them. Every file is compared with what it holds and written only when it differs, so a
 * delivery rewrites exactly what changed; pages of articles gone are removed after the lists
 * that linked them were rewritten.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { ArticlePage } from '../../src/articlePage/types'

import { feedFiles } from './feeds'
import { articlePage, CATEGORY_INDEX, categoryPage, listPage } from './paths'
import { renderArticle } from './render/article'
import { categoryIndex, categoryLinks, type CategoryJson, listPages } from './render/listing'
import { DEFAULT_PAGE_SIZE, type SiteConfig, type SiteSettingsJson } from './siteConfig'
import { SiteFiles } from './siteFiles'
import { newsSitemap, robotsTxt, sitemap } from './sitemaps'

export type SiteOptions = {
  /** Where Broadside answers, e.g. http://127.0.0.1:3000 */
  broadsideUrl: string
  /** @default 'en' */
  language?: string
  outDir: string
  /** @default 20 */
  pageSize?: number
  /** The site's public address (canonical URLs, feeds, sitemaps). @default http://127.0.0.1:4000 */
  siteUrl?: string
  /** @default 'UTC' */
  timeZone?: string
}

/** One changed item of a delivery, as far as the site reads it. */
export type DeliveryItem = { collection: string; id: number | string; slug?: null | string; type: string }

export type BuildReport = {
  /** Requests made to Broadside. */
  fetched: number
  kind: 'delivery' | 'full'
  ms: number
  removed: string[]
  written: string[]
}

/** The site index's first page. */
const INDEX = 'index.html'
/** Page reads in flight at once during a full build. */
const FETCH_CONCURRENCY = 4
const ASSETS = ['favicon.svg', 'site.css', 'site.js']

const newestFirst = (a: ArticlePage, b: ArticlePage) =>
  (b.article.publishedAt ?? '').localeCompare(a.article.publishedAt ?? '') || String(a.article.slug).localeCompare(String(b.article.slug))

export class StaticSite {
  readonly config: SiteConfig
  readonly files: SiteFiles
  private categories: CategoryJson[] = []
  private fetched = 0
  private loaded = false
  /** How many pages each list had at its last rendering (its extra pages go when it shrinks). */
  private readonly listLengths = new Map<string, number>()
  /** Published articles by slug, as their page answer. */
  private readonly pages = new Map<string, ArticlePage>()

  constructor(private readonly options: SiteOptions) {
    this.config = {
      broadsideUrl: options.broadsideUrl.replace(/\/$/, ''),
      footerText: null,
      language: options.language ?? 'en',
      name: 'Broadside',
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      siteUrl: (options.siteUrl ?? 'http://127.0.0.1:4000').replace(/\/$/, ''),
      tagline: null,
      timeZone: options.timeZone ?? 'UTC',
    }
    this.files = new SiteFiles(options.outDir)
  }

  /** Reads everything Broadside publishes and writes every page that differs from what is there. */
  async buildAll(): Promise<BuildReport> {
    const started = performance.now()
    this.fetched = 0
    const api = `${this.config.broadsideUrl}/api`
    const settings = await this.getJson<SiteSettingsJson>(`${api}/globals/site-settings?depth=0`).catch(() => ({}) as SiteSettingsJson)
    this.config.name = settings.name || this.config.name
    this.config.tagline = settings.tagline || null
    this.config.footerText = settings.footerText || null
    const listed = await this.everyPage<{ slug: null | string }>(`${api}/articles?depth=0&sort=-publishedAt&select[slug]=true`)
    // A category without a slug has no page to link to.
    this.categories = (await this.everyPage<CategoryJson>(`${api}/categories?depth=0&sort=name&select[name]=true&select[slug]=true`)).filter((category) => category.slug)
    const slugs = listed.map((article) => article.slug).filter((slug): slug is string => Boolean(slug))
    this.pages.clear()
    let next = 0
    const reader = async () => {
      while (next < slugs.length) {
        const slug = slugs[next++]!
        const page = await this.readPage(slug)
        if (page) this.pages.set(slug, page)
      }
    }
    await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, reader))
    this.loaded = true

    for (const asset of ASSETS) await this.files.write(asset, await readFile(path.join(import.meta.dirname, 'assets', asset), 'utf8'))
    for (const page of this.pages.values()) await this.files.write(articlePage(page.article.slug!), renderArticle(this.config, page))
    const produced = await this.writeLists(null)
    // Then whatever an earlier build left that this one did not produce (articles and categories gone).
    const kept = new Set([...[...this.pages.keys()].map(articlePage), ...produced])
    for (const folder of ['articles', 'categories', 'page']) {
      for (const file of await this.files.list(folder)) if (!kept.has(file)) await this.files.remove(file)
    }
    return { fetched: this.fetched, kind: 'full', ms: performance.now() - started, ...this.files.takeReport() }
  }

  /** Applies one delivery's items: re-reads what they name, rewrites what shows it. */
  async applyDelivery(items: DeliveryItem[], options: { truncated?: boolean } = {}): Promise<BuildReport> {
    // A category renamed or an image replaced shows on pages no item names; both are rare.
    if (!this.loaded || options.truncated || items.some((item) => item.collection === 'categories' || item.collection === 'media')) {
      return { ...(await this.buildAll()), kind: 'delivery' }
    }
    const started = performance.now()
    this.fetched = 0
    const slugs = new Set<string>()
    const gone = new Set<string>()
    for (const item of items) {
      if (item.collection === 'articles') {
        // A renamed article's old page goes: the id is the same, the slug is not.
        for (const [slug, page] of this.pages) if (String(page.article.id) === String(item.id) && slug !== item.slug) gone.add(slug)
        if (item.slug) slugs.add(item.slug)
      }
      if (item.collection === 'petitions') for (const slug of await this.articlesShowingPetition(item.id)) slugs.add(slug)
    }
    const touchedLists = new Set<string>([INDEX])
    const showIn = (page: ArticlePage | undefined) => {
      for (const category of page?.article.categories ?? []) if (category.slug) touchedLists.add(categoryPage(category.slug))
    }
    for (const slug of gone) {
      showIn(this.pages.get(slug))
      this.pages.delete(slug)
    }
    const rewritten: ArticlePage[] = []
    for (const slug of slugs) {
      showIn(this.pages.get(slug))
      const page = await this.readPage(slug)
      if (page) {
        this.pages.set(slug, page)
        showIn(page)
        rewritten.push(page)
        gone.delete(slug)
      } else {
        this.pages.delete(slug)
        gone.add(slug)
      }
    }
    for (const page of rewritten) await this.files.write(articlePage(page.article.slug!), renderArticle(this.config, page))
    await this.writeLists(touchedLists)
    // Removed last, once no list links them.
    for (const slug of gone) await this.files.remove(articlePage(slug))
    return { fetched: this.fetched, kind: 'delivery', ms: performance.now() - started, ...this.files.takeReport() }
  }

  /**
   * Renders the lists (all, or only `touched`: first-page paths), their feeds, the categories
   * page and the sitemaps; writes those that differ; removes list pages a shrunk list no longer
   * has. Category lists before the index, so every link the index gains leads somewhere.
   * Returns every path it produced.
   */
  private async writeLists(touched: null | Set<string>): Promise<string[]> {
    const produced: string[] = []
    const published = [...this.pages.values()].sort(newestFirst)
    const lists = [
      ...this.categories.map((category) => ({
        articles: published.filter((page) => page.article.categories.some((shown) => String(shown.id) === String(category.id))),
        first: categoryPage(category.slug),
        intro: '',
        title: category.name,
      })),
      { articles: published, first: INDEX, intro: categoryLinks(INDEX, this.categories), title: 'Latest articles' },
    ]
    for (const list of lists) {
      if (touched && !touched.has(list.first)) continue
      const pages = listPages(this.config, list)
      for (const page of pages) await this.files.write(page.path, page.html)
      const feeds = feedFiles(this.config, list)
      for (const feed of feeds) await this.files.write(feed.path, feed.body)
      produced.push(...pages.map((page) => page.path), ...feeds.map((feed) => feed.path))
      const before = this.listLengths.get(list.first) ?? 0
      for (let n = pages.length + 1; n <= before; n++) await this.files.remove(listPage(list.first, n))
      this.listLengths.set(list.first, pages.length)
    }
    const categories = categoryIndex(this.config, this.categories)
    await this.files.write(categories.path, categories.html)
    const listPaths = [INDEX, CATEGORY_INDEX, ...this.categories.map((category) => categoryPage(category.slug))]
    await this.files.write('sitemap.xml', sitemap(this.config, listPaths, published))
    await this.files.write('news-sitemap.xml', newsSitemap(this.config, published, Date.now()))
    await this.files.write('robots.txt', robotsTxt(this.config))
    produced.push(categories.path)
    return produced
  }

  /** The slugs of the articles whose page shows petition `id`: those we hold, and those linking it now. */
  private async articlesShowingPetition(id: number | string): Promise<string[]> {
    const held = [...this.pages.values()].filter((page) => String(page.petition?.id) === String(id)).map((page) => page.article.slug!)
    const linking = await this.everyPage<{ slug: null | string }>(
      `${this.config.broadsideUrl}/api/articles?depth=0&select[slug]=true&where[petition][equals]=${encodeURIComponent(String(id))}`,
    )
    return [...new Set([...held, ...linking.map((article) => article.slug).filter((slug): slug is string => Boolean(slug))])]
  }

  /** An article's page in one request; `undefined` when visitors cannot see it (404). */
  private async readPage(slug: string): Promise<ArticlePage | undefined> {
    this.fetched++
    const response = await fetch(`${this.config.broadsideUrl}/api/articles/page/${encodeURIComponent(slug)}`)
    if (response.status === 404) return undefined
    if (!response.ok) throw new Error(`the page of ${slug} answered ${response.status}`)
    return (await response.json()) as ArticlePage
  }

  private async getJson<T>(url: string): Promise<T> {
    this.fetched++
    const response = await fetch(url)
    if (!response.ok) throw new Error(`${url} answered ${response.status}`)
    return (await response.json()) as T
  }

  /** All documents of a list, a page at a time: anonymous reads get at most 100 per request. */
  private async everyPage<T>(listUrl: string): Promise<T[]> {
    const docs: T[] = []
    for (let page = 1; ; page++) {
      const found = await this.getJson<{ docs: T[]; hasNextPage: boolean }>(`${listUrl}&limit=100&page=${page}`)
      docs.push(...found.docs)
      if (!found.hasNextPage) return docs
    }
  }
}
