/**
 * The To Do section's typed actions as cards, one kind each: petitions elsewhere (platform and
 * link), officials to contact (office, contact, address and a sample message to copy),
 * organisations, events, and hashtags to share.
 */
import type { PageAction } from '../../../src/articlePage/types'
import type { SiteConfig } from '../siteConfig'

import { escape, longDate } from './html'
import { richText } from './richText'

const text = (action: PageAction, key: string) => (typeof action[key] === 'string' && action[key] !== '' ? (action[key] as string) : undefined)

/** Only web links become links: an imported value like `javascript:` stays text. */
const safeUrl = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined)

const titled = (title: string | undefined, url: string | undefined) =>
  safeUrl(url) ? `<a href="${escape(url)}">${escape(title ?? url)}</a>` : escape(title ?? '')

function petitionCard(action: PageAction): string {
  const ours = action.petition as null | undefined | { slug?: null | string; title?: null | string }
  const title = text(action, 'title') ?? ours?.title ?? 'Sign the petition'
  const url = text(action, 'url')
  return `<h4>${titled(title, url)}</h4>
${text(action, 'platform') ? `<p class="platform">on ${escape(text(action, 'platform'))}</p>` : ''}
${ours && !url ? '<p>Sign it below, on this page.</p>' : ''}`
}

function officialCard(action: PageAction, index: number): string {
  const email = text(action, 'email')
  const contact = safeUrl(text(action, 'contactUrl'))
  const message = text(action, 'sampleMessage')
  const messageId = `sample-message-${index}`
  return `<h4>${escape(text(action, 'name') ?? 'Your representative')}</h4>
${text(action, 'office') ? `<p class="office">${escape(text(action, 'office'))}</p>` : ''}
<ul class="contact">
${email ? `<li><a href="mailto:${escape(email)}">${escape(email)}</a></li>` : ''}
${contact ? `<li><a href="${escape(contact)}">Contact form</a></li>` : ''}
${text(action, 'phone') ? `<li><a href="tel:${escape(text(action, 'phone')!.replace(/[^+\d]/g, ''))}">${escape(text(action, 'phone'))}</a></li>` : ''}
</ul>
${text(action, 'postalAddress') ? `<address>${escape(text(action, 'postalAddress')).replace(/\n/g, '<br>')}</address>` : ''}
${
  message
    ? `<figure class="sample">
<figcaption>Sample message</figcaption>
<blockquote id="${messageId}">${escape(message)}</blockquote>
<button type="button" class="copy" data-copy="${messageId}">Copy message</button>
</figure>`
    : ''
}`
}

function organisationCard(action: PageAction): string {
  return `<h4>${titled(text(action, 'name'), text(action, 'url'))}</h4>
${text(action, 'description') ? `<p>${escape(text(action, 'description'))}</p>` : ''}`
}

function eventCard(site: SiteConfig, action: PageAction): string {
  const when = text(action, 'when')
  return `<h4>${titled(text(action, 'title'), text(action, 'url'))}</h4>
${when ? `<p><time datetime="${escape(when)}">${escape(longDate(site, when))}</time></p>` : ''}
${text(action, 'where') ? `<p>${escape(text(action, 'where'))}</p>` : ''}`
}

function shareCard(action: PageAction, pageUrl: string): string {
  const hashtags = (Array.isArray(action.hashtags) ? action.hashtags : []).map((tag) => String(tag).replace(/^#/, '')).filter(Boolean)
  const message = text(action, 'text') ?? ''
  const shareUrl = (tag: string) =>
    `https://bsky.app/intent/compose?text=${encodeURIComponent(`${message ? `${message} ` : ''}#${tag} ${pageUrl}`)}`
  return `<h4>Spread the word</h4>
${message ? `<p>${escape(message)}</p>` : ''}
${hashtags.length ? `<p class="hashtags">${hashtags.map((tag) => `<a href="${escape(shareUrl(tag))}" rel="noopener" target="_blank">#${escape(tag)}</a>`).join(' ')}</p>` : ''}`
}

const KIND_NAMES: Record<string, string> = {
  attendEvent: 'Event',
  contactOfficial: 'Contact',
  note: 'Note',
  petition: 'Petition',
  share: 'Share',
  supportOrganization: 'Organisation',
}

/** The cards of one section's actions (empty when it has none). */
export function actionCards(site: SiteConfig, actions: PageAction[], pageUrl: string, firstIndex = 0): string {
  if (actions.length === 0) return ''
  const cards = actions.map((action, offset) => {
    let body: string
    switch (action.blockType) {
      case 'attendEvent':
        body = eventCard(site, action)
        break
      case 'contactOfficial':
        body = officialCard(action, firstIndex + offset)
        break
      case 'petition':
        body = petitionCard(action)
        break
      case 'share':
        body = shareCard(action, pageUrl)
        break
      case 'supportOrganization':
        body = organisationCard(action)
        break
      default:
        body = richText(action.body)
    }
    return `<li class="card card-${escape(action.blockType)}"><p class="kind">${escape(KIND_NAMES[action.blockType] ?? action.blockType)}</p>${body}</li>`
  })
  return `<ul class="cards">\n${cards.join('\n')}\n</ul>`
}
