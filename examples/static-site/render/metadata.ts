/**
 * What search engines and link previews read from an article page: schema.org JSON-LD (the
 * commentary as an `OpinionNewsArticle`, a kind of `NewsArticle`, based on the source article;
 * a `BreadcrumbList` per category path) and Open Graph / Twitter card tags.
 */
import type { ArticlePage } from '../../../src/articlePage/types'
import type { SiteConfig } from '../siteConfig'

import { categoryPage } from '../paths'
import { absolute, escape, mediaUrl } from './html'

/** Google shows at most 110 characters of a headline. */
const headline = (title: string) => (title.length > 110 ? `${title.slice(0, 109)}…` : title)

/** The hero image for previews: the `og` size (1200×630) when made, else the original. */
export function previewImage(site: SiteConfig, page: ArticlePage) {
  const hero = page.article.heroImage
  if (!hero) return undefined
  const og = hero.sizes?.og?.url ? hero.sizes.og : hero
  return { alt: hero.alt ?? '', height: og.height, url: mediaUrl(site, og.url)!, width: og.width }
}

export function articleJsonLd(site: SiteConfig, page: ArticlePage, pagePath: string): object[] {
  const { article } = page
  const url = absolute(site, pagePath)
  const publisher = { '@type': 'Organization', name: site.name, url: absolute(site, 'index.html') }
  const image = previewImage(site, page)
  const source = article.source
  const news: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': ['NewsArticle', 'OpinionNewsArticle'],
    articleSection: article.categories.map((category) => category.name),
    author: publisher,
    dateModified: article.publishedAt ?? undefined,
    datePublished: article.publishedAt ?? undefined,
    description: article.summary ?? undefined,
    headline: headline(article.title),
    image: image ? [image.url] : undefined,
    inLanguage: site.language,
    mainEntityOfPage: { '@id': url, '@type': 'WebPage' },
    publisher,
    url,
  }
  if (source.url || source.outlet) {
    news.isBasedOn = {
      '@type': 'NewsArticle',
      author: source.byline ? { '@type': 'Person', name: source.byline } : undefined,
      datePublished: source.publishedAt ?? undefined,
      headline: headline(article.title),
      publisher: source.outlet ? { '@type': 'Organization', name: source.outlet } : undefined,
      url: source.url ?? undefined,
    }
  }
  const breadcrumbs = article.categories.map((category) => {
    const trail = category.breadcrumbs.length ? category.breadcrumbs : [{ name: category.name, slug: category.slug }]
    const steps = [
      { name: site.name, url: absolute(site, 'index.html') },
      ...trail.filter((step) => step.slug).map((step) => ({ name: step.name, url: absolute(site, categoryPage(step.slug!)) })),
      { name: article.title, url },
    ]
    return {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: steps.map((step, index) => ({ '@type': 'ListItem', item: step.url, name: step.name, position: index + 1 })),
    }
  })
  return [news, ...breadcrumbs]
}

/** JSON-LD inside a script tag: `<` escaped so no value can close the tag. */
export const jsonLdScript = (data: object) => `<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`

export function socialTags(site: SiteConfig, page: ArticlePage, pagePath: string): string {
  const { article } = page
  const image = previewImage(site, page)
  const tags: [string, string, null | number | string | undefined][] = [
    ['property', 'og:type', 'article'],
    ['property', 'og:site_name', site.name],
    ['property', 'og:title', article.title],
    ['property', 'og:description', article.summary],
    ['property', 'og:url', absolute(site, pagePath)],
    // Open Graph's locale is language_TERRITORY ("en_US", its default); a bare "en" is left out.
    ['property', 'og:locale', /^[a-z]{2,3}-[A-Z]{2}$/.test(site.language) ? site.language.replace('-', '_') : undefined],
    ['property', 'og:image', image?.url],
    ['property', 'og:image:width', image?.width],
    ['property', 'og:image:height', image?.height],
    ['property', 'og:image:alt', image?.alt],
    ['property', 'article:published_time', article.publishedAt],
    ...article.categories.map((category): [string, string, string] => ['property', 'article:section', category.name]),
    ['name', 'twitter:card', image ? 'summary_large_image' : 'summary'],
    ['name', 'twitter:title', article.title],
    ['name', 'twitter:description', article.summary],
    ['name', 'twitter:image', image?.url],
    ['name', 'description', article.summary],
  ]
  return tags
    .filter(([, , value]) => value !== null && value !== undefined && value !== '')
    .map(([attribute, name, value]) => `<meta ${attribute}="${name}" content="${escape(value)}">`)
    .join('\n')
}
