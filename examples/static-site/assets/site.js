/* global document, fetch, FormData, getSelection, navigator */
// The example site's only script: the signing form (a JSON post to Broadside, each field's
// error beside it, a thank-you state) and the "copy" buttons of sample messages.
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const text = document.getElementById(button.dataset.copy)?.textContent ?? ''
      try {
        await navigator.clipboard.writeText(text)
        button.textContent = 'Copied'
      } catch {
        // No clipboard (an insecure origin, a refusal): select the text so it can be copied by hand.
        const range = document.createRange()
        range.selectNodeContents(document.getElementById(button.dataset.copy))
        getSelection().removeAllRanges()
        getSelection().addRange(range)
        button.textContent = 'Selected: press Ctrl+C'
      }
    })
  }

  const form = document.querySelector('form[data-sign]')
  if (!form) return
  const result = document.querySelector('[data-result]')
  const showErrors = (errors) => {
    for (const slot of form.querySelectorAll('[data-error-for]')) {
      const message = errors[slot.dataset.errorFor]
      slot.hidden = !message
      slot.textContent = message ?? ''
      form.elements[slot.dataset.errorFor]?.setAttribute('aria-invalid', message ? 'true' : 'false')
    }
    const first = Object.keys(errors).find((name) => form.elements[name])
    if (first) form.elements[first].focus()
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const missing = {}
    if (!form.elements.name.value.trim()) missing.name = 'Please give your name.'
    if (!/^\S+@\S+\.\S+$/.test(form.elements.email.value.trim())) missing.email = 'Please give an email address like name@example.org.'
    showErrors(missing)
    if (Object.keys(missing).length) return
    const data = Object.fromEntries(new FormData(form))
    data.consent = form.elements.consent.checked
    data.showName = form.elements.showName.checked
    const button = form.querySelector('button[type="submit"]')
    button.disabled = true
    result.textContent = 'Sending…'
    try {
      // JSON only: Broadside's signing endpoint refuses form posts (they need no CORS preflight).
      const response = await fetch(form.action, { body: JSON.stringify(data), headers: { 'Content-Type': 'application/json' }, method: 'POST' })
      const body = await response.json().catch(() => ({}))
      if (response.status === 202) {
        // The answer carries no count (it would tell whether that email had signed): count this one.
        const count = document.querySelector('[data-count]')
        count.textContent = String(Number(count.textContent) + 1)
        const bar = document.querySelector('[data-progress]')
        if (bar) bar.value = Math.min(Number(count.textContent), Number(bar.max))
        form.hidden = true
        result.classList.add('thanks')
        result.textContent = 'Thank you for signing.'
        result.focus()
        return
      }
      const fieldErrors = {}
      for (const error of body.errors ?? []) for (const item of error.data?.errors ?? []) if (item.path) fieldErrors[item.path] = item.message
      showErrors(fieldErrors)
      result.textContent = Object.keys(fieldErrors).length ? 'Please check the fields marked above.' : (body.errors?.[0]?.message ?? 'Signing failed; please try again later.')
    } catch {
      result.textContent = 'Signing failed (no connection); please try again.'
    } finally {
      button.disabled = false
    }
  })
})
