/**
 * An article's page: headline, source line, categories, hero image, summary and body; the
 * commentary sections under their labels with the To Do actions as cards; the signing form;
 * and the related articles, ours linked inside the site and others with their outlet.
 */
import type { ArticlePage, PageRelatedLink } from '../../../src/articlePage/types'
import type { SiteConfig } from '../siteConfig'

import { articlePage as articlePath, categoryPage } from '../paths'
import { actionCards } from './actions'
import { absolute, documentShell, escape, linkFrom, longDate, mediaUrl } from './html'
import { articleJsonLd, jsonLdScript, socialTags } from './metadata'
import { petitionIsOpen, signingForm } from './petition'
import { richText } from './richText'

/** The outlet a source URL names; nothing for text that is no URL (the field takes any text). */
function hostname(url: null | string): string {
  if (!url || !URL.canParse(url)) return ''
  return new URL(url).hostname.replace(/^www\./, '')
}

function sourceLine(site: SiteConfig, page: ArticlePage): string {
  const { source } = page.article
  const outlet = source.outlet || hostname(source.url)
  if (!outlet && !source.publishedAt) return ''
  const date = source.publishedAt ? `<time datetime="${escape(source.publishedAt)}">${escape(longDate(site, source.publishedAt))}</time>` : ''
  const named = source.url && /^https?:\/\//i.test(source.url) ? `<a href="${escape(source.url)}" rel="noopener">${escape(outlet)}</a>` : escape(outlet)
  return `<p class="source">${[named, date].filter(Boolean).join(' · ')}${source.byline ? ` <span class="byline">by ${escape(source.byline)}</span>` : ''}</p>`
}

function relatedItem(site: SiteConfig, from: string, link: PageRelatedLink): string {
  const { article, external } = link
  if (article?.slug) {
    return `<li><a href="${escape(linkFrom(from, articlePath(article.slug)))}">${escape(article.title)}</a>${article.source.outlet ? ` <span class="outlet">${escape(article.source.outlet)}</span>` : ''}</li>`
  }
  if (!external?.title) return ''
  const title = external.url && /^https?:\/\//i.test(external.url) ? `<a href="${escape(external.url)}" rel="noopener">${escape(external.title)}</a>` : escape(external.title)
  return `<li>${title}${external.outlet ? ` <span class="outlet">${escape(external.outlet)}</span>` : ''}</li>`
}

export function renderArticle(site: SiteConfig, page: ArticlePage): string {
  const { article, petition, relatedLinks, sections } = page
  const pagePath = articlePath(article.slug!)
  const to = (target: string) => escape(linkFrom(pagePath, target))
  const categories = article.categories
    .filter((category) => category.slug)
    .map((category) => `<li><a href="${to(categoryPage(category.slug!))}">${escape(category.name)}</a></li>`)
    .join('')
  const hero = article.heroImage?.url
    ? `<figure class="hero"><img src="${escape(mediaUrl(site, article.heroImage.url))}" alt="${escape(article.heroImage.alt)}"${article.heroImage.width ? ` width="${article.heroImage.width}" height="${article.heroImage.height}"` : ''}>${
        article.heroImage.caption || article.heroImage.credit
          ? `<figcaption>${escape(article.heroImage.caption)}${article.heroImage.credit ? ` <span class="credit">${escape(article.heroImage.credit)}</span>` : ''}</figcaption>`
          : ''
      }</figure>`
    : ''
  let cardIndex = 0
  const sectionsHtml = sections
    .map((section) => {
      const cards = actionCards(site, section.actions, absolute(site, pagePath), cardIndex)
      cardIndex += section.actions.length
      return `<section class="commentary commentary-${escape(section.kind)}">
<h2>${escape(section.heading || section.label)}</h2>
${richText(section.body)}
${cards}
</section>`
    })
    .join('\n')
  const related = relatedLinks.map((link) => relatedItem(site, pagePath, link)).filter(Boolean)
  const head = [socialTags(site, page, pagePath), ...articleJsonLd(site, page, pagePath).map(jsonLdScript)].join('\n')
  const main = `<article class="story">
<header>
${categories ? `<nav aria-label="Categories"><ul class="categories">${categories}</ul></nav>` : ''}
<h1>${escape(article.title)}</h1>
${sourceLine(site, page)}
</header>
${hero}
${article.summary ? `<p class="summary">${escape(article.summary)}</p>` : ''}
<div class="body">${richText(article.body)}</div>
${sectionsHtml}
${petitionIsOpen(petition) ? signingForm(site, petition) : ''}
${related.length ? `<section class="related" aria-labelledby="related-heading"><h2 id="related-heading">${related.length} Related Article${related.length === 1 ? '' : 's'}</h2><ul>\n${related.join('\n')}\n</ul></section>` : ''}
</article>`
  return documentShell(site, { head, page: pagePath, title: article.title }, main)
}
