/**
 * A link to a page on the web: `http:` or `https:` only. Links are handed to every frontend as
 * they are stored, and a `javascript:` or `data:` one would run script wherever a frontend
 * renders it as a link (our example site happens to skip such links; others need not).
 */
import type { TextFieldSingleValidation } from 'payload'

import { text } from 'payload/shared'

const WEB_PROTOCOLS = new Set(['http:', 'https:'])

export const webUrl: TextFieldSingleValidation = (value, options) => {
  if (typeof value === 'string' && value.trim() !== '') {
    let protocol: string
    try {
      protocol = new URL(value.trim()).protocol
    } catch {
      return 'must be a full web address starting with http:// or https://.'
    }
    if (!WEB_PROTOCOLS.has(protocol)) return `must be a web address starting with http:// or https://, not ${protocol}.`
  }
  return text(value, options)
}
