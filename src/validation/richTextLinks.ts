/**
 * Links inside rich text (Lexical's link and autolink nodes) go to a web page, an email address,
 * a phone number or a path on the site — never `javascript:`, `data:` or any other scheme a
 * browser would run or open as a document. Payload's link fields check only that a URL has no
 * spaces, and every frontend renders these links as they are stored.
 *
 * A URL is read the way a browser reads an `href` (WHATWG URL parsing, against a placeholder
 * base for relative paths), so `java\tscript:` and leading spaces cannot hide the scheme.
 */
import type { TextField, TextFieldSingleValidation } from 'payload'

import { LinkFeature } from '@payloadcms/richtext-lexical'

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:'])
/** Only parsed, never contacted: what a relative link resolves against. */
const RELATIVE_BASE = 'https://relative.invalid/'

export function linkUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  let protocol: string
  try {
    protocol = new URL(value, RELATIVE_BASE).protocol
  } catch {
    return 'is not a link a browser can follow.'
  }
  return LINK_PROTOCOLS.has(protocol) ? undefined : `must start with http://, https://, mailto: or tel:, or be a path on the site; not ${protocol}`
}

/** Lexical's link feature with the URL field refusing what `linkUrlProblem` refuses. */
export function safeLinkFeature() {
  return LinkFeature({
    fields: ({ defaultFields }) =>
      defaultFields.map((field) => {
        if (!('name' in field) || field.name !== 'url') return field
        const payloadCheck = (field as TextField).validate as TextFieldSingleValidation | undefined
        const validate: TextFieldSingleValidation = async (value, options) => {
          const problem = linkUrlProblem(value)
          if (problem) return `Link URL ${problem}`
          return payloadCheck ? payloadCheck(value, options) : true
        }
        return { ...field, validate } as TextField
      }),
  })
}
