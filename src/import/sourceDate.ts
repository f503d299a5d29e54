/**
 * Reads the publication time a saved page gives next to its outlet, e.g.
 * "Sunday, August 17, 2025, 10:28:29 AM Eastern Daylight Time".
 *
 * chrono-node reads the calendar date and the clock; the time zone is looked up here, because
 * chrono knows abbreviations such as "EDT" but not the long names browsers print
 * ("Eastern Daylight Time"), and an unknown zone must be reported rather than guessed.
 */
import * as chrono from 'chrono-node'

export type SourceDateProblem = 'not a date' | 'no time of day' | 'no time zone' | 'unknown time zone'

export type SourceDateReading = { date: Date; problem?: undefined } | { date?: undefined; problem: SourceDateProblem }

const MINUTES_PER_HOUR = 60
// Real zones range from UTC−12 to UTC+14.
const MAX_OFFSET_HOURS = 14

/** UTC offsets in minutes, keyed by lower-cased zone name or abbreviation. */
const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  // North America
  'eastern daylight time': -240,
  'eastern standard time': -300,
  'central daylight time': -300,
  'central standard time': -360,
  'mountain daylight time': -360,
  'mountain standard time': -420,
  'pacific daylight time': -420,
  'pacific standard time': -480,
  'alaska daylight time': -480,
  'alaska standard time': -540,
  'hawaii-aleutian daylight time': -540,
  'hawaii-aleutian standard time': -600,
  'hawaii standard time': -600,
  'atlantic daylight time': -180,
  'atlantic standard time': -240,
  'newfoundland daylight time': -150,
  'newfoundland standard time': -210,
  edt: -240,
  est: -300,
  cdt: -300,
  cst: -360,
  mdt: -360,
  mst: -420,
  pdt: -420,
  pst: -480,
  akdt: -480,
  akst: -540,
  hst: -600,
  adt: -180,
  ast: -240,
  // Universal
  'coordinated universal time': 0,
  'greenwich mean time': 0,
  utc: 0,
  gmt: 0,
  z: 0,
  // Europe
  'british summer time': 60,
  'irish standard time': 60,
  'western european standard time': 0,
  'western european summer time': 60,
  'central european standard time': 60,
  'central european summer time': 120,
  'central european time': 60,
  'eastern european standard time': 120,
  'eastern european summer time': 180,
  'eastern european time': 120,
  'moscow standard time': 180,
  bst: 60,
  wet: 0,
  west: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  // Asia and Oceania
  'india standard time': 330,
  'pakistan standard time': 300,
  'china standard time': 480,
  'hong kong standard time': 480,
  'singapore standard time': 480,
  'japan standard time': 540,
  'korean standard time': 540,
  'australian western standard time': 480,
  'australian central standard time': 570,
  'australian central daylight time': 630,
  'australian eastern standard time': 600,
  'australian eastern daylight time': 660,
  'new zealand standard time': 720,
  'new zealand daylight time': 780,
  // "IST" is also Irish and Israel Standard Time; these pages come from an Indian-heavy source mix.
  ist: 330,
  pkt: 300,
  hkt: 480,
  sgt: 480,
  jst: 540,
  kst: 540,
  awst: 480,
  acst: 570,
  acdt: 630,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
}

const CLOCK = /\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?![\w])/i
// "UTC+05:30", "GMT-4", "+0200"; U+2212 is the typographic minus sign.
const NUMERIC_OFFSET = /^(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$/i

/** The instant, or undefined when the text has no date, no clock, no zone or an unknown zone. */
export function parseSourceDate(text: string): Date | undefined {
  return readSourceDate(text).date
}

/** Like parseSourceDate, but says what is wrong, so importers can report it. */
export function readSourceDate(text: string): SourceDateReading {
  // NFKC turns the narrow no-break space browsers put before "AM" into a plain space.
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ').trim()
  const clock = CLOCK.exec(normalized)
  if (!clock) return { problem: readCalendarDate(normalized, 0, false) ? 'no time of day' : 'not a date' }

  const clockEnd = clock.index + clock[0].length
  const zone = normalized.slice(clockEnd).replace(/^[\s,(]+|[\s,)]+$/g, '')
  const offset = zoneOffsetMinutes(zone)
  const date = readCalendarDate(normalized.slice(0, clockEnd), offset ?? 0, true)
  if (!date) return { problem: 'not a date' }
  if (!zone) return { problem: 'no time zone' }
  if (offset === undefined) return { problem: 'unknown time zone' }
  return { date }
}

/** Minutes east of UTC for a zone name, abbreviation or numeric offset; undefined if unknown. */
export function zoneOffsetMinutes(zone: string): number | undefined {
  const key = zone.trim().replace(/\s+/g, ' ').toLowerCase()
  if (!key) return undefined
  const named = ZONE_OFFSETS[key]
  if (named !== undefined) return named

  const numeric = NUMERIC_OFFSET.exec(key)
  if (!numeric) return undefined
  const [, sign, hours = '0', minutes = '0'] = numeric
  if (Number(hours) > MAX_OFFSET_HOURS || Number(minutes) >= MINUTES_PER_HOUR) return undefined
  const magnitude = Number(hours) * MINUTES_PER_HOUR + Number(minutes)
  return sign === '+' ? magnitude : -magnitude
}

/** The date only when chrono is certain of year, month and day, and of the hour if a clock is given. */
function readCalendarDate(text: string, offsetMinutes: number, withClock: boolean): Date | undefined {
  // A fixed reference instant keeps the result independent of when the import runs.
  const [result] = chrono.strict.parse(text, { instant: new Date(0), timezone: offsetMinutes })
  if (!result) return undefined
  const { start } = result
  const required = withClock ? (['year', 'month', 'day', 'hour'] as const) : (['year', 'month', 'day'] as const)
  const certain = required.every((component) => start.isCertain(component))
  return certain ? start.date() : undefined
}
