/**
 * Whether a field value can be stored as given, by field type: the checks Payload leaves to the
 * database, which answers them with a 500 (PostgreSQL) or by storing less than was sent (SQLite
 * cuts text at a NUL byte). Pure: each returns what is wrong, in words for people, or undefined.
 */

/** PostgreSQL refuses U+0000 in text and JSON; SQLite keeps only what comes before it. */
const NUL = '\u0000'

/** Dates the databases (and ISO 8601's four-digit years) hold alike. */
const EARLIEST_DATE = Date.parse('0001-01-01T00:00:00.000Z')
const LATEST_DATE = Date.parse('9999-12-31T23:59:59.999Z')

/** How a value the sender gave is named back: NaN is what Payload made of text sent to a number or id field. */
export function shown(value: unknown): string {
  if (typeof value === 'number' && Number.isNaN(value)) return 'a value that is not a number'
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString()
  const json = JSON.stringify(value) ?? String(value)
  return json.length > 60 ? `${json.slice(0, 57)}...` : json
}

/** A NUL anywhere in a string, or in a key or string of a JSON value (rich text is JSON too). */
export function nulProblem(value: unknown, depth = 0): string | undefined {
  const problem = 'must not contain the NUL character (\\u0000), which cannot be stored.'
  if (typeof value === 'string') return value.includes(NUL) ? problem : undefined
  // Deep nesting is refused elsewhere (the body limits); past this depth there is nothing to store anyway.
  if (!value || typeof value !== 'object' || depth > 200) return undefined
  if (Array.isArray(value)) {
    for (const item of value) if (nulProblem(item, depth + 1)) return problem
    return undefined
  }
  for (const [key, item] of Object.entries(value)) if (key.includes(NUL) || nulProblem(item, depth + 1)) return problem
  return undefined
}

/** Text is a string (a number is stored as its digits); an object or list would be stored as its JSON, or not at all. */
export function textProblem(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) return `must be text, not ${shown(value)}.`
  return nulProblem(value)
}

export function numberProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined
  return `must be a finite number, not ${shown(value)}.`
}

export function dateProblem(value: unknown): string | undefined {
  const time = typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : Number.NaN
  if (Number.isNaN(time)) return `${shown(value)} is not a date; send an ISO 8601 date such as 2026-01-31T12:00:00Z.`
  if (time < EARLIEST_DATE || time > LATEST_DATE) return `${shown(value)} is out of range; dates run from year 1 to year 9999.`
  return undefined
}

export function checkboxProblem(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : `must be true or false, not ${shown(value)}.`
}

export function selectProblem(value: unknown, allowed: string[]): string | undefined {
  return allowed.includes(value as string) ? undefined : `${shown(value)} is not one of ${allowed.join(', ')}.`
}
