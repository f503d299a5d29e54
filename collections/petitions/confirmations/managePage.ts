/**
 * The page a signer's email link opens when the site has no page of its own
 * (SIGNATURE_MANAGE_URL unset): their signature and buttons that call
 * `POST /api/signatures/manage`. Nothing happens on opening it — mail scanners open links too,
 * and must not confirm an opt-in — only on a click.
 */
import { firstName } from '../../../src/signing/readSignature'

type View = {
  confirmed: boolean
  consent: boolean
  consentAsked: boolean
  name: null | string
  petition: { title: null | string }
  showName: boolean
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '"': '&quot;', '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;' })[char]!)

const SCRIPT = `
const token = document.body.dataset.token;
async function send(body) {
  const answer = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ...body }) });
  const result = await answer.json().catch(() => ({}));
  document.getElementById('result').textContent = answer.ok ? (result.removed ? 'Your signature is removed.' : 'Saved.') : (result.errors?.[0]?.data?.errors?.[0]?.message || result.errors?.[0]?.message || 'That did not work.');
  if (answer.ok && !result.removed) setTimeout(() => location.reload(), 800);
}
for (const button of document.querySelectorAll('button[data-action]')) {
  button.addEventListener('click', (event) => {
    event.preventDefault();
    const action = button.dataset.action;
    if (action === 'remove' && !confirm('Remove your signature?')) return;
    send(action === 'update' ? { action, name: document.getElementById('name').value, showName: document.getElementById('showName').checked } : { action });
  });
}`

export function managePage({ problem, status = 200, token = '', view }: { problem?: string; status?: number; token?: string; view?: View }): Response {
  const body = view
    ? `<h1>Your signature</h1>
<p>on <strong>${escapeHtml(view.petition.title ?? 'a petition')}</strong></p>
${
  view.confirmed
    ? ''
    : `<p>Please confirm that you signed.${
        view.showName
          ? ` Once you do, the signers list shows you as <strong>${escapeHtml(firstName(view.name ?? ''))}</strong>: if that is not your name, change it below first (someone else may have typed your email).`
          : ''
      } <button data-action="confirm">Confirm my signature</button></p>`
}
${
  view.consentAsked
    ? view.consent
      ? '<p>You will be kept informed. <button data-action="withdraw-consent">Stop updates</button></p>'
      : '<p>You asked to be kept informed. <button data-action="confirm-consent">Confirm: keep me informed</button> <button data-action="withdraw-consent">No, thanks</button></p>'
    : '<p>You did not ask for updates.</p>'
}
<form><label>Name <input id="name" maxlength="200" value="${escapeHtml(view.name ?? '')}"></label>
<label><input id="showName" type="checkbox"${view.showName ? ' checked' : ''}> Show my first name among the signers</label>
<button data-action="update">Save</button></form>
<p><button data-action="remove">Remove my signature</button></p>
<p id="result" role="status"></p>
<script>${SCRIPT}</script>`
    : `<h1>Your signature</h1><p>${escapeHtml(problem ?? '')}</p>`
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>Your signature</title></head><body data-token="${escapeHtml(token)}">${body}</body></html>`
  return new Response(html, { headers: { 'Cache-Control': 'no-store', 'Content-Type': 'text/html; charset=utf-8' }, status })
}
