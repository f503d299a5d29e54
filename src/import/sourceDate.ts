/**
 * Reads the publication time a saved page gives next to its outlet, e.g.
 * "Sunday, August 17, 2025, 10:28:29 AM Eastern Daylight Time".
 *
 * chrono-node reads the calendar date and the clock. The time zone is looked up here — long
 * names in Intl's CLDR data, abbreviations in a short table — because chrono does not know the
 * long names browsers print, and an unknown zone must be reported rather than guessed.
 */
import * as chrono from 'chrono-node'

export type SourceDateProblem = 'not a date' | 'no time of day' | 'no time zone' | 'unknown time zone'

export type SourceDateReading = { date: Date; problem?: undefined } | { date?: undefined; problem: SourceDateProblem }

const MINUTES_PER_HOUR = 60
// Real zones range from UTC−12 to UTC+14.
const MAX_OFFSET_HOURS = 14

/**
 * Abbreviations, in minutes east of UTC. (Long names come from Intl below; abbreviations are
 * ambiguous there, so the ones these pages use are listed.)
 */
const ABBREVIATIONS: Readonly<Record<string, number>> = {
  // North America
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
  utc: 0,
  gmt: 0,
  z: 0,
  // Europe
  bst: 60,
  wet: 0,
  west: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  // Asia and Oceania. "IST" is also Irish and Israel Standard Time; India is the common reading.
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

let longNames: Map<string, number> | undefined

/**
 * Long zone names as browsers print them ("Eastern Daylight Time", "India Standard Time") →
 * minutes east of UTC, from the CLDR data Node's Intl ships (what browsers print from): every
 * zone's name and offset in January and in July, so standard and summer names are both there.
 */
function longZoneNames(): Map<string, number> {
  if (longNames) return longNames
  longNames = new Map()
  const year = new Date().getUTCFullYear()
  const part = (format: Intl.DateTimeFormat, instant: Date) => format.formatToParts(instant).find((item) => item.type === 'timeZoneName')?.value
  // The list leaves out UTC itself ("Coordinated Universal Time"): its canonical zones only.
  for (const timeZone of [...Intl.supportedValuesOf('timeZone'), 'UTC']) {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' })
    const offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    for (const month of [0, 6]) {
      const instant = new Date(Date.UTC(year, month, 1))
      const key = part(name, instant)?.toLowerCase()
      const minutes = numericOffsetMinutes(part(offset, instant)?.toLowerCase() ?? '')
      if (key && minutes !== undefined && !longNames.has(key)) longNames.set(key, minutes)
    }
  }
  return longNames
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
  return ABBREVIATIONS[key] ?? longZoneNames().get(key) ?? numericOffsetMinutes(key)
}

/** "utc+05:30", "gmt-4", "+0200", "gmt" (Intl's name for UTC+0) → minutes east of UTC. */
function numericOffsetMinutes(key: string): number | undefined {
  if (key === 'gmt' || key === 'utc') return 0
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
