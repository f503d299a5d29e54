/**
 * The "Sign Our Petition" form: the count against the goal as a progress bar, the fields the
 * signing endpoint takes, a honeypot people never see, and places for each field's error. The
 * behaviour (JSON post, inline errors, thank-you state) is in ../assets/site.js.
 */
import type { PagePetition } from '../../../src/articlePage/types'
import type { SiteConfig } from '../siteConfig'

import { escape } from './html'

type Petition = PagePetition

/** Whether readers can sign here: published, ours (not hosted elsewhere), open, not past its closing date. */
export function petitionIsOpen(petition: null | Petition, now = Date.now()): petition is Petition {
  if (!petition || petition.externalUrl || petition.status === 'closed') return false
  return !petition.closesAt || new Date(petition.closesAt).getTime() > now
}

const field = (name: string, label: string, input: string, hint = '') => `<div class="field">
<label for="sign-${name}">${label}</label>
${input}
${hint}
<p class="error" id="sign-${name}-error" data-error-for="${name}" hidden></p>
</div>`

export function signingForm(site: SiteConfig, petition: Petition): string {
  const action = `${site.broadsideUrl}/api/petitions/${encodeURIComponent(String(petition.id))}/sign`
  const count = petition.signatureCount ?? 0
  const goal = petition.goal ?? 0
  const described = (name: string) => `id="sign-${name}" name="${name}" aria-describedby="sign-${name}-error"`
  return `<section class="petition" aria-labelledby="petition-heading">
<h2 id="petition-heading">Sign Our Petition</h2>
<h3>${escape(petition.title)}</h3>
${petition.summary ? `<p>${escape(petition.summary)}</p>` : ''}
<div class="progress">
<p><strong data-count>${escape(count)}</strong> signed${goal ? ` of <span data-goal>${escape(goal)}</span>` : ''}</p>
${goal ? `<progress data-progress max="${escape(goal)}" value="${escape(Math.min(count, goal))}" aria-label="Signatures so far, out of the goal">${escape(count)} of ${escape(goal)}</progress>` : ''}
</div>
<form data-sign action="${escape(action)}" method="post" novalidate>
${field('name', 'Name <span aria-hidden="true">*</span>', `<input ${described('name')} autocomplete="name" required>`)}
${field('email', 'Email <span aria-hidden="true">*</span>', `<input ${described('email')} type="email" autocomplete="email" required>`)}
<div class="pair">
${field('postalCode', 'Postal code', `<input ${described('postalCode')} autocomplete="postal-code">`)}
${field('country', 'Country', `<input ${described('country')} autocomplete="country-name">`)}
</div>
${field('comment', 'Comment', `<textarea ${described('comment')} rows="3"></textarea>`)}
<div class="check"><input id="sign-consent" name="consent" type="checkbox"><label for="sign-consent">${escape(petition.consentText || 'Keep me informed about this petition and related campaigns.')}</label></div>
<div class="check"><input id="sign-showName" name="showName" type="checkbox"><label for="sign-showName">Show my first name on the list of signers</label></div>
<div class="honeypot" aria-hidden="true"><label for="sign-website">Leave this empty</label><input id="sign-website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">Sign</button>
</form>
<p class="result" data-result role="status" aria-live="polite" tabindex="-1"></p>
</section>`
}
