/**
 * Reads a saved text page of a news-commentary site: site chrome, the headline, an
 * "<outlet> -- <date>" line, optional categories, the news text, then Opinion / Action / To Do
 * sections and a list of related articles, with banners and footers mixed in.
 *
 * Pure: text in, data out. Parts are found by their shape rather than by line numbers, because
 * saved pages differ in which optional parts they carry.
 */
import { readSourceDate, type SourceDateProblem } from './sourceDate'

export type SectionKindValue = 'opinion' | 'action' | 'todo'

export type ParsedSection = {
  kind: SectionKindValue
  /** As written: 'Opinion' | 'Action' | 'To Do'. */
  heading: string
  /** CommonMark that Lexical's markdown import understands. */
  markdown: string
}

export type ParsedRelated = { title: string; outlet?: string }

export type ParsedPage = {
  title: string
  outlet: string
  sourceUrl?: string
  /** ISO 8601 in UTC. */
  sourcePublishedAt: string
  /** As first written, de-duplicated ignoring case and dash style. */
  categories: string[]
  summary: string
  /** The paragraphs after the summary. */
  body: string[]
  sections: ParsedSection[]
  related: ParsedRelated[]
  /** How many "Sign Our Petition" calls the page had. */
  petitionCalls: number
}

export class PageFormatError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(`Not a saved news page: ${problems.join('; ')}`)
    this.name = 'PageFormatError'
    this.problems = problems
  }
}

const PROBLEM_NO_HEADLINE = 'no headline'
const PROBLEM_NO_DATELINE = 'no "<outlet> -- <date>" line'
const PROBLEM_NO_SUMMARY = 'no summary'

const DATELINE = /^(.+?)\s+--\s+(.+)$/
const SOURCE_URL = /^(?:source\s*:\s*)?(https?:\/\/\S+)$/i
const CATEGORIES = /^categories\s*:\s*(.*)$/i
const SECTION_MARKER = /^(opinion|action|to do)\s*:$/i
const RELATED_HEADER = /^\d+\s+related\s+articles?\s*(?:\(s\))?\s*:?$/i
const PETITION_CALL = /^sign our petition[.!]?$/i

const SECTION_KINDS: Readonly<Record<string, SectionKindValue>> = {
  action: 'action',
  opinion: 'opinion',
  'to do': 'todo',
}

const MENU_WORD = '(?:home|categories|search|subscribe|about|contact|donate|log in|sign in|menu)'
const NAVIGATION = new RegExp(`^${MENU_WORD}(?: ${MENU_WORD})+$`, 'i')

const CHROME_LINES: readonly RegExp[] = [
  NAVIGATION,
  /^story continues below this ad$/i,
  /^expand$/i,
  /^advertisement$/i,
  PETITION_CALL,
  /^updated very often$/i,
]
const COPYRIGHT = /\(c\)\s*opyright|©|^copyright\b/i
// A footer is a short line; a long paragraph that mentions copyright is content.
const MAX_COPYRIGHT_LINE_LENGTH = 160

export function parsePage(text: string): ParsedPage {
  const lines = splitLines(text)
  const datelineIndex = lines.findIndex(isDateline)
  if (datelineIndex < 0) throw new PageFormatError([PROBLEM_NO_HEADLINE, PROBLEM_NO_DATELINE, PROBLEM_NO_SUMMARY])

  const problems: string[] = []
  const title = findHeadline(lines.slice(0, datelineIndex))
  if (!title) problems.push(PROBLEM_NO_HEADLINE)

  const dateline = readDateline(lines[datelineIndex] ?? '')
  if (dateline.problem) problems.push(dateline.problem)

  const header = readHeader(lines, datelineIndex + 1, title)
  if (header.problem) problems.push(header.problem)
  const regions = splitRegions(lines.slice(header.contentStart))
  const [summary, ...body] = regions.body.map((paragraph) => paragraph.join(' '))
  if (!summary) problems.push(PROBLEM_NO_SUMMARY)

  if (problems.length > 0 || !title || !summary || !dateline.publishedAt) throw new PageFormatError(problems)
  return {
    body,
    categories: header.categories,
    outlet: dateline.outlet,
    petitionCalls: lines.filter((line) => PETITION_CALL.test(line)).length,
    related: regions.relatedTitles.map(splitRelatedTitle),
    sections: regions.sections.map(({ heading, kind, paragraphs }) => ({ heading, kind, markdown: toMarkdown(paragraphs) })),
    ...(header.sourceUrl ? { sourceUrl: header.sourceUrl } : {}),
    sourcePublishedAt: dateline.publishedAt,
    summary,
    title,
  }
}

/** Lines with whitespace collapsed: saved pages pad with no-break spaces and end lines with CRLF. */
function splitLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
}

function isChrome(line: string): boolean {
  if (CHROME_LINES.some((pattern) => pattern.test(line))) return true
  return line.length <= MAX_COPYRIGHT_LINE_LENGTH && COPYRIGHT.test(line)
}

function isDateline(line: string): boolean {
  const match = DATELINE.exec(line)
  return match !== null && readSourceDate(match[2] ?? '').problem !== 'not a date'
}

/** Everything above the headline is site chrome (name, tagline, navigation). */
function findHeadline(linesAboveDateline: string[]): string | undefined {
  return linesAboveDateline.findLast((line) => line !== '' && !isChrome(line))
}

type Dateline = { outlet: string; publishedAt?: string; problem?: string }

function readDateline(line: string): Dateline {
  const [, outlet = '', dateText = ''] = DATELINE.exec(line) ?? []
  const reading = readSourceDate(dateText)
  if (reading.date) return { outlet, publishedAt: reading.date.toISOString() }
  return { outlet, problem: `date "${dateText}" has ${describeDateProblem(reading.problem)}` }
}

function describeDateProblem(problem: SourceDateProblem): string {
  if (problem === 'unknown time zone') return 'an unknown time zone'
  if (problem === 'no time zone') return 'no time zone'
  if (problem === 'no time of day') return 'no time of day'
  return 'no readable date'
}

type Header = { categories: string[]; contentStart: number; problem?: string; sourceUrl?: string }

/** A `Source:` line, whatever follows it. */
const SOURCE_LINE = /^source\s*:/i

/** The source URL, categories and repeated headline that may follow the dateline, in any order. */
function readHeader(lines: string[], start: number, title: string | undefined): Header {
  const header: Header = { categories: [], contentStart: start }
  let sawCategories = false
  let sawRepeatedTitle = false
  for (let index = start; index < lines.length; index++) {
    const line = lines[index] ?? ''
    const sourceUrl = SOURCE_URL.exec(line)?.[1]
    const categories = CATEGORIES.exec(line)?.[1]
    if (line === '') continue
    if (sourceUrl && !header.sourceUrl) header.sourceUrl = sourceUrl
    // Read as the summary, it would print the line; taken as the URL, a `javascript:` link.
    else if (!sourceUrl && SOURCE_LINE.test(line) && !header.sourceUrl) {
      header.problem = `the Source line holds no web address (http:// or https://): ${JSON.stringify(line.slice(0, 80))}`
    } else if (categories !== undefined && !sawCategories) {
      header.categories = parseCategories(categories)
      sawCategories = true
    } else if (!sawRepeatedTitle && title && sameText(line, title)) sawRepeatedTitle = true
    else break
    header.contentStart = index + 1
  }
  return header
}

function sameText(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase()
}

function parseCategories(list: string): string[] {
  const seen = new Set<string>()
  const categories: string[] = []
  for (const name of list.split(',').map((part) => part.trim())) {
    const key = categoryKey(name)
    if (!key || seen.has(key)) continue
    seen.add(key)
    categories.push(name)
  }
  return categories
}

/** "U.S.–Russia" and "u.s. - russia" name the same category: case, spacing and dash style aside. */
export function categoryKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s*[-\u2010-\u2015\u2212]\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
}

type SectionDraft = { heading: string; kind: SectionKindValue; paragraphs: string[][] }
type Regions = { body: string[][]; relatedTitles: string[]; sections: SectionDraft[] }

/** Sorts the lines below the header into body paragraphs, sections and related titles. */
function splitRegions(lines: string[]): Regions {
  const regions: Regions = { body: [], relatedTitles: [], sections: [] }
  let paragraphs = regions.body
  let inRelated = false
  let paragraph: string[] | undefined
  for (const line of lines) {
    const sectionMarker = SECTION_MARKER.exec(line)?.[1]
    if (line === '' || isChrome(line)) {
      paragraph = undefined
    } else if (sectionMarker) {
      const section = { heading: sectionMarker, kind: sectionKind(sectionMarker), paragraphs: [] }
      regions.sections.push(section)
      paragraphs = section.paragraphs
      inRelated = false
      paragraph = undefined
    } else if (RELATED_HEADER.test(line)) {
      inRelated = true
    } else if (inRelated) {
      regions.relatedTitles.push(line)
    } else if (paragraph) {
      paragraph.push(line)
    } else {
      paragraph = [line]
      paragraphs.push(paragraph)
    }
  }
  return regions
}

function sectionKind(marker: string): SectionKindValue {
  return SECTION_KINDS[marker.toLowerCase()] ?? 'opinion'
}

const MAX_OUTLET_LENGTH = 40
const MAX_OUTLET_WORDS = 6
// "... routes it pays for - and the town knows it" ends in a clause, not an outlet name.
const CLAUSE_OPENERS = new Set(['a', 'an', 'and', 'as', 'but', 'how', 'if', 'or', 'so', 'the', 'what', 'when', 'who', 'why'])

/** "Title - Outlet Name" → title and outlet, when the last segment looks like a name. */
export function splitRelatedTitle(line: string): ParsedRelated {
  const separator = line.lastIndexOf(' - ')
  if (separator < 0) return { title: line }
  const title = line.slice(0, separator).trim()
  const outlet = line.slice(separator + 3).trim()
  return title && looksLikeOutletName(outlet) ? { outlet, title } : { title: line }
}

function looksLikeOutletName(text: string): boolean {
  const words = text.split(' ')
  const firstWord = words[0] ?? ''
  if (!text || text.length > MAX_OUTLET_LENGTH || words.length > MAX_OUTLET_WORDS) return false
  if (/(?:\.\.\.|…|[?!])$/.test(text)) return false
  return !CLAUSE_OPENERS.has(firstWord)
}

// ---------------------------------------------------------------------------------------------
// Section text → CommonMark

type Block =
  | { kind: 'heading' | 'paragraph' | 'bullet'; text: string }
  | { kind: 'ordered'; number: string; text: string; subItems: string[] }

const HEADING = /^#{1,6}\s+\S/
const ORDERED_ITEM = /^(\d{1,9})[.)]\s+(.*)$/
const BULLET_ITEM = /^[-*+]\s+(.*)$/
/** Lexical's markdown import nests list items by four spaces. */
const SUB_ITEM_INDENT = '    '

/**
 * Paragraphs become blank-line separated blocks; numbered items that the page separates by
 * blank lines are joined into one list, and "1. **A**: - x - y" items get a nested bullet list
 * (two levels deep below a sub-item that ends in a colon, see nestSubItems).
 */
export function toMarkdown(paragraphs: string[][]): string {
  const blocks = paragraphs.flatMap(toBlocks)
  return blocks
    .map((block, index) => {
      const previous = blocks[index - 1]
      const separator = !previous ? '' : isSameList(previous, block) ? '\n' : '\n\n'
      return separator + renderBlock(block)
    })
    .join('')
}

function toBlocks(lines: string[]): Block[] {
  const blocks: Block[] = []
  for (const line of lines) {
    const previous = blocks.at(-1)
    const ordered = ORDERED_ITEM.exec(line)
    const bullet = BULLET_ITEM.exec(line)
    if (HEADING.test(line)) blocks.push({ kind: 'heading', text: line })
    else if (ordered) blocks.push({ kind: 'ordered', number: ordered[1] ?? '1', ...splitInlineSubItems(ordered[2] ?? '') })
    else if (bullet && previous?.kind === 'ordered') previous.subItems.push(bullet[1] ?? '')
    else if (bullet) blocks.push({ kind: 'bullet', text: bullet[1] ?? '' })
    else if (previous && previous.kind !== 'heading') continueBlock(previous, line)
    else blocks.push({ kind: 'paragraph', text: line })
  }
  return blocks
}

/** A hard-wrapped line continues the text it follows. */
function continueBlock(block: Block, line: string): void {
  const lastSubItem = block.kind === 'ordered' ? block.subItems.length - 1 : -1
  if (block.kind === 'ordered' && lastSubItem >= 0) block.subItems[lastSubItem] += ` ${line}`
  else block.text += ` ${line}`
}

function isSameList(previous: Block, block: Block): boolean {
  return previous.kind === block.kind && (block.kind === 'ordered' || block.kind === 'bullet')
}

function renderBlock(block: Block): string {
  if (block.kind === 'ordered') {
    const subItems = nestSubItems(block.subItems).map(({ depth, text }) => `\n${SUB_ITEM_INDENT.repeat(depth)}- ${text}`)
    return `${block.number}. ${block.text}${subItems.join('')}`
  }
  if (block.kind === 'bullet') return `- ${block.text}`
  return block.text
}

/**
 * A sub-item ending in a colon ("**Example Contact**: you might write to:") introduces the ones
 * after it: the page listed those a level deeper (a contact's name, email and address), which
 * its saved text no longer shows. Nothing marks where that deeper list ends, so it runs to the
 * end of the item.
 */
export function nestSubItems(subItems: string[]): { depth: 1 | 2; text: string }[] {
  let depth: 1 | 2 = 1
  return subItems.map((text) => {
    const item = { depth, text }
    if (text.endsWith(':')) depth = 2
    return item
  })
}

/**
 * "**Contact**: - **Write**: text. - Email: x" → lead "**Contact**:" and two sub-items. Splits
 * only items using that ": - " pattern, and only at " - " before bold, a link, a capital or an
 * opening quote, never inside a link or a quotation (sample messages contain dashes).
 */
export function splitInlineSubItems(text: string): { text: string; subItems: string[] } {
  if (!text.includes(': - ')) return { subItems: [], text }
  const parts: string[] = []
  let partStart = 0
  let closing: string | undefined
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? ''
    if (closing) {
      if (char === closing) closing = undefined
      continue
    }
    closing = openedSpanCloser(text, index)
    if (!closing && text.startsWith(' - ', index) && startsSubItem(text.slice(index + 3))) {
      parts.push(text.slice(partStart, index).trim())
      partStart = index + 3
      index += 2
    }
  }
  parts.push(text.slice(partStart).trim())
  const [lead = '', ...subItems] = parts
  return { subItems: subItems.filter(Boolean), text: lead }
}

/** The character that closes a link or quotation opening at `index`, if it is ever closed. */
function openedSpanCloser(text: string, index: number): string | undefined {
  const char = text[index]
  const closer = char === '[' ? ']' : char === '(' && text[index - 1] === ']' ? ')' : char === '“' ? '”' : char === '"' ? '"' : undefined
  // An unmatched opener (a truncated quote) must not swallow the rest of the item.
  return closer && text.indexOf(closer, index + 1) >= 0 ? closer : undefined
}

function startsSubItem(rest: string): boolean {
  return /^(?:\*\*|\[|[\p{Lu}“"‘'])/u.test(rest)
}
