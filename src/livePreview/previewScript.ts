/**
 * The script the preview page carries. Payload's admin posts the edit form's values to the
 * preview frame (`{ type: 'payload-live-preview', data }`) whenever the form changes, once the
 * frame has said it is ready. The script sends the latest values to the preview's own URL, which
 * renders the page with them, and swaps the page's main content and title for the answer — so
 * the page is always the site's own HTML, never a client-side imitation of it. Only messages
 * from this origin (the admin's: the preview is served by the same server) are read; an answer
 * that is not the latest is dropped. Links and the signing form do nothing inside the preview.
 */
// Plain JavaScript, sent as written: no build step touches it.
const SCRIPT = `
(() => {
  const MESSAGE = 'payload-live-preview'
  const root = document.documentElement
  let latest = 0
  let timer
  let inFlight

  const notice = (text) => {
    let bar = document.getElementById('live-preview-notice')
    if (!bar) {
      bar = document.createElement('p')
      bar.id = 'live-preview-notice'
      bar.setAttribute('role', 'status')
      bar.style.cssText = 'position:sticky;top:0;margin:0;padding:.5rem 1rem;background:#a3161c;color:#fff;font:14px/1.4 system-ui,sans-serif;z-index:10'
      document.body.prepend(bar)
    }
    bar.hidden = !text
    bar.textContent = text
  }

  const render = async (data) => {
    const revision = ++latest
    inFlight?.abort()
    inFlight = new AbortController()
    try {
      const response = await fetch(location.pathname, {
        body: JSON.stringify({ data }),
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        method: 'POST',
        signal: inFlight.signal,
      })
      if (revision !== latest) return
      if (!response.ok) {
        const body = await response.json().catch(() => null)
        notice('Preview not updated: ' + (body?.errors?.[0]?.message ?? 'the server answered ' + response.status))
        return
      }
      const next = new DOMParser().parseFromString(await response.text(), 'text/html')
      if (revision !== latest) return
      const main = document.getElementById('main')
      const nextMain = next.getElementById('main')
      if (main && nextMain) main.replaceWith(document.importNode(nextMain, true))
      document.title = next.title
      notice('')
      root.dataset.previewRevision = String(revision)
    } catch (error) {
      if (error.name !== 'AbortError' && revision === latest) notice('Preview not updated: the server could not be reached.')
    }
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.data?.type !== MESSAGE || !event.data.data || typeof event.data.data !== 'object') return
    const { data } = event.data
    clearTimeout(timer)
    // Typing sends a message per key; one render per pause is enough.
    timer = setTimeout(() => render(data), 150)
  })
  document.addEventListener('click', (event) => {
    if (event.target?.closest?.('a[href], button')) event.preventDefault()
  })
  document.addEventListener('submit', (event) => event.preventDefault())
  // Payload's admin starts posting once the frame (or the popup) says it is listening.
  const admin = window.parent !== window ? window.parent : window.opener
  admin?.postMessage({ ready: true, type: MESSAGE }, location.origin)
})()
`

/** The script as an inline `<script>` element. */
export const previewScriptTag = `<script>${SCRIPT}</script>`
