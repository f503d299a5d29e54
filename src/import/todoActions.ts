/**
 * Finds typed actions (petitions, officials to contact, organisations to support, hashtags to
 * share) in a To Do section's markdown, as produced by parsePage: numbered items whose details
 * sit in a nested bullet list ("1. **Contact**:\n    - **Senator Ada Roe**\n    - Email: …").
 *
 * The text is written for people, so recognition is by cue words and bold names; anything not
 * recognised is simply not turned into an action (the section's markdown keeps it).
 */

export type ImportedAction =
  | { blockType: 'petition'; platform?: string; url?: string; title?: string }
  | {
      blockType: 'contactOfficial'
      name?: string
      office?: string
      email?: string
      phone?: string
      contactUrl?: string
      postalAddress?: string
      sampleMessage?: string
    }
  | { blockType: 'supportOrganization'; name: string; url?: string; description?: string }
  | { blockType: 'share'; hashtags: string[] }

type PetitionAction = Extract<ImportedAction, { blockType: 'petition' }>
type ContactAction = Extract<ImportedAction, { blockType: 'contactOfficial' }>
type OrganizationAction = Extract<ImportedAction, { blockType: 'supportOrganization' }>

/** A list item or paragraph: its own text first, then its nested sub-items. */
type Item = { segments: string[] }

export function extractActions(markdown: string): ImportedAction[] {
  const actions: ImportedAction[] = []
  for (const item of readItems(markdown)) {
    actions.push(...findPetitions(item), ...findContacts(item), ...findOrganizations(item))
  }
  const hashtags = findHashtags(markdown)
  if (hashtags.length > 0) actions.push({ blockType: 'share', hashtags })
  return actions
}

const LIST_ITEM = /^(?:\d+[.)]|[-*+])\s+(.*)$/
const NESTED_ITEM = /^\s+(?:\d+[.)]|[-*+])\s+(.*)$/
const HEADING = /^#{1,6}\s/

function readItems(markdown: string): Item[] {
  const items: Item[] = []
  for (const line of markdown.split(/\r?\n/)) {
    const nested = NESTED_ITEM.exec(line)?.[1]
    const current = items.at(-1)
    if (nested !== undefined && current) current.segments.push(nested.trim())
    else if (line.trim() && !HEADING.test(line)) items.push({ segments: [(LIST_ITEM.exec(line)?.[1] ?? line).trim()] })
  }
  return items
}

// ---------------------------------------------------------------------------------------------
// Inline markdown

const BOLD = /\*\*(.+?)\*\*/g
const LINK = /\[([^\]]*)\]\(([^)\s]+)\)/g
const BARE_URL = /\bhttps?:\/\/[^\s)\]]+/
// Payload's email field accepts these (a simplified form of its own pattern).
const EMAIL = /^(?!.*\.\.)[\w!#$%&'*+/=?^`{|}~-](?:[\w!#$%&'*+/=?^`{|}~.-]*[\w!#$%&'*+/=?^`{|}~-])?@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i
const HOST_OR_URL = /^(?:https?:\/\/)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/\S*)?$/i

/** Text without markdown: links keep their text, bold loses its markers. */
function plainText(markdown: string): string {
  return markdown.replace(LINK, '$1').replace(BOLD, '$1').trim()
}

function boldTexts(markdown: string): string[] {
  return [...markdown.matchAll(BOLD)].map((match) => match[1] ?? '')
}

function firstUrl(markdown: string): string | undefined {
  const [link] = [...markdown.matchAll(LINK)]
  return link?.[2] ?? BARE_URL.exec(markdown)?.[0]
}

function isEmail(text: string): boolean {
  return EMAIL.test(text)
}

/** "x.gov/contact" → "https://x.gov/contact"; anything else that is not a link → undefined. */
function asUrl(text: string): string | undefined {
  if (!HOST_OR_URL.test(text) || text.includes('@')) return undefined
  return /^https?:\/\//i.test(text) ? text : `https://${text}`
}

/** Drops a sentence's closing period but keeps one that ends an abbreviation ("D.C.", "St."). */
function withoutClosingPeriod(text: string): string {
  return /(?:\d|[a-z]{3,})\.$/.test(text) ? text.slice(0, -1) : text
}

function unquoted(text: string): string {
  return text
    .trim()
    .replace(/^["“”‘'](?=\S)/, '')
    .replace(/(?<=\S)["“”’']$/, '')
    .trim()
}

// ---------------------------------------------------------------------------------------------
// Petitions

const PETITION_PLATFORMS: readonly { name: string; mention: RegExp; host: RegExp }[] = [
  { host: /(?:^|\.)change\.org$/i, mention: /\bchange\.org\b/i, name: 'Change.org' },
  { host: /(?:^|\.)moveon\.org$/i, mention: /\bmoveon(?:\.org)?\b/i, name: 'MoveOn' },
  { host: /(?:^|\.)avaaz\.org$/i, mention: /\bavaaz(?:\.org)?\b/i, name: 'Avaaz' },
  { host: /(?:^|\.)care2\.com$/i, mention: /\bcare2(?:\.com)?\b/i, name: 'Care2' },
  { host: /(?:^|\.)actionnetwork\.org$/i, mention: /\baction\s?network(?:\.org)?\b/i, name: 'Action Network' },
]
const GENERIC_PETITION_LABEL = /^(?:sign|start|create|find|search for|support)\s+(?:(?:a|an|the|our|these|online|relevant)\s+)*petitions?$/i
const SIGN_PREFIX = /^sign\s+(?:(?:a|an|the|our)\s+)?/i

/**
 * An item about petitions yields one petition per bold petition title and platform named with
 * it ("on Change.org or MoveOn.org": two, one place to sign each). Details in later sub-items
 * without a title of their own (an example search, a link) complete those before, and a platform
 * first named there adds a petition of the same title.
 */
function findPetitions(item: Item): PetitionAction[] {
  if (!/petition/i.test(item.segments.join(' '))) return []
  const petitions: PetitionAction[] = []
  // The petitions the latest title named, one per platform.
  let titled: PetitionAction[] = []
  for (const segment of item.segments) {
    const title = petitionTitle(segment)
    const platforms = platformsIn(segment)
    const url = petitionUrl(segment)
    if (title || (titled.length === 0 && (platforms.length > 0 || url))) {
      titled = (platforms.length > 0 ? platforms : [undefined]).map((platform) => compact({ blockType: 'petition' as const, platform, title }))
      petitions.push(...titled)
    } else if (titled.length > 0) {
      for (const platform of platforms.filter((name) => !titled.some((petition) => petition.platform === name))) {
        const unplaced = titled.find((petition) => !petition.platform)
        if (unplaced) unplaced.platform = platform
        else {
          const another = compact({ blockType: 'petition' as const, platform, title: titled[0]!.title })
          titled.push(another)
          petitions.push(another)
        }
      }
    }
    if (url) giveUrl(titled, url)
  }
  return petitions.filter((petition) => petition.platform || petition.url || petition.title)
}

/** Every platform the text names, in the order it names them. */
function platformsIn(text: string): string[] {
  return PETITION_PLATFORMS.map(({ mention, name }) => ({ at: text.search(mention), name }))
    .filter(({ at }) => at >= 0)
    .sort((left, right) => left.at - right.at)
    .map(({ name }) => name)
}

/** A link goes to the petition on the platform it points to, else to the first one. */
function giveUrl(petitions: PetitionAction[], url: string): void {
  const host = hostOf(url)
  const onItsPlatform = petitions.find((petition) => PETITION_PLATFORMS.some((platform) => platform.name === petition.platform && platform.host.test(host)))
  const target = onItsPlatform ?? petitions[0]
  if (target) target.url ??= url
}

function petitionTitle(segment: string): string | undefined {
  const label = boldTexts(segment).find((text) => /petition/i.test(text))
  if (!label || GENERIC_PETITION_LABEL.test(plainText(label))) return undefined
  return plainText(label).replace(SIGN_PREFIX, '').replace(/:$/, '').trim() || undefined
}

/** A link to a petition platform, else any link in the text. */
function petitionUrl(segment: string): string | undefined {
  const urls = [...segment.matchAll(LINK)].map((match) => match[2] ?? '')
  const onPlatform = urls.find((url) => PETITION_PLATFORMS.some(({ host }) => host.test(hostOf(url))))
  return onPlatform ?? firstUrl(segment)
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}

// ---------------------------------------------------------------------------------------------
// Officials and the White House

const OFFICIAL = /^(State Senator|State Representative|Lieutenant Governor|Representative|Senator|Governor|Deputy Mayor|Mayor|Council ?member|Council Member|Councillor|Councilor|Assemblymember|Assembly Member|Commissioner|Supervisor|Alderman|Alderwoman|Alderperson|Delegate|Rep\.|Sen\.|Gov\.)\s+(\p{Lu}.*)$/u
const OFFICE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  'Gov.': 'Governor',
  'Rep.': 'Representative',
  'Sen.': 'Senator',
}
const FIELD = /^(?:\*\*)?([A-Za-z][A-Za-z -]{0,30}?)(?:\*\*)?\s*:(?:\*\*)?\s*(.*)$/
const WHITE_HOUSE = /\bwhite house\b/i
const CONTACT_VERB = /\b(?:contact|write|call|email|e-mail|reach out|message)\b/i

/**
 * Walks an item's segments: a bold official (or a White House lead) opens a contact, the
 * following "Email:", "Phone:", "Mailing Address:" lines fill it, and a sample message goes to
 * the contact it follows or, if it came first, to the next contact opened.
 */
function findContacts(item: Item): ContactAction[] {
  const contacts: ContactAction[] = []
  let sampleMessage: string | undefined
  item.segments.flatMap(splitContactDetails).forEach((segment, index) => {
    const opened = index === 0 && isWhiteHouseLead(segment) ? { name: 'The White House' } : officialIn(segment)
    if (opened) contacts.push({ blockType: 'contactOfficial', ...opened, ...(sampleMessage ? { sampleMessage } : {}) })

    const field = FIELD.exec(segment)
    const current = contacts.at(-1)
    if (!field) return
    const [, label = '', value = ''] = field
    if (isSampleMessageLabel(label)) {
      sampleMessage = unquoted(plainText(value)) || undefined
      if (current && !current.sampleMessage && sampleMessage) current.sampleMessage = sampleMessage
    } else if (current) {
      applyContactField(current, label, value)
    }
  })
  return contacts.map(compact)
}

/** Details run together on one line ("**Rep. Ada Roe** - Email: x - Phone: y") become segments. */
function splitContactDetails(segment: string): string[] {
  return segment.split(/\s+-\s+(?=\*\*|(?:Email|E-mail|Phone|Telephone|Tel|Mailing Address|Postal Address|Address|Contact form|Website)\s*:)/i)
}

function isWhiteHouseLead(segment: string): boolean {
  return WHITE_HOUSE.test(segment) && CONTACT_VERB.test(segment)
}

function officialIn(segment: string): { name: string; office: string } | undefined {
  for (const bold of boldTexts(segment)) {
    const match = OFFICIAL.exec(plainText(bold).replace(/:$/, ''))
    if (!match) continue
    const [, office = '', name = ''] = match
    return { name: name.trim(), office: OFFICE_ABBREVIATIONS[office] ?? office }
  }
  return undefined
}

function isSampleMessageLabel(label: string): boolean {
  return /^(?:sample|suggested|example)\s+(?:message|letter|email|e-mail|script)$/i.test(label.trim())
}

function applyContactField(contact: ContactAction, label: string, value: string): void {
  const kind = label.trim().toLowerCase()
  const text = withoutClosingPeriod(plainText(value))
  if (!text) return
  if (kind === 'email' || kind === 'e-mail') applyEmailOrUrl(contact, value)
  else if (/^(?:phone|telephone|tel)$/.test(kind)) contact.phone ??= text
  else if (/^(?:contact form|contact|website|web|online)$/.test(kind)) contact.contactUrl ??= urlIn(value)
  else if (/^(?:mailing address|postal address|address)$/.test(kind)) contact.postalAddress ??= text
}

/** "Email:" lines often give a contact form instead of an address; that goes to contactUrl. */
function applyEmailOrUrl(contact: ContactAction, value: string): void {
  const linked = firstUrl(value)
  const address = linked?.replace(/^mailto:/i, '') ?? withoutTrailingPunctuation(plainText(value))
  if (isEmail(address)) contact.email ??= address
  else contact.contactUrl ??= urlIn(value)
}

function urlIn(value: string): string | undefined {
  return firstUrl(value) ?? asUrl(withoutTrailingPunctuation(plainText(value)))
}

function withoutTrailingPunctuation(text: string): string {
  return text.replace(/[.,;:]+$/, '')
}

// ---------------------------------------------------------------------------------------------
// Organisations

const ORGANIZATIONS_LIKE = /\b(?:organi[sz]ations?|groups?|charities|non-?profits?|causes|initiatives)\b[^.]*?\b(?:like|such as|including)\b/i
const LINKED_AFTER_BOLD = /^\s*\((?:\[[^\]]*\]\(([^)\s]+)\)|(https?:\/\/[^)\s]+))\)/
const MIN_DESCRIPTION_WORDS = 3

/** "Support organisations like **A (AB)** or **B** that do X." → A and B, each described by "Do X." */
function findOrganizations(item: Item): OrganizationAction[] {
  return item.segments.flatMap((segment) => {
    const cue = ORGANIZATIONS_LIKE.exec(segment)
    if (!cue) return []
    const named = segment.slice(cue.index + cue[0].length)
    const names = [...named.matchAll(BOLD)]
    const last = names.at(-1)
    if (!last) return []

    const afterNames = named.slice((last.index ?? 0) + last[0].length).replace(LINKED_AFTER_BOLD, '')
    const description = describeOrganizations(afterNames)
    return names.map((match) => {
      const bold = match[1] ?? ''
      const following = named.slice((match.index ?? 0) + match[0].length)
      const linkAfter = LINKED_AFTER_BOLD.exec(following)
      const url = firstUrl(bold) ?? linkAfter?.[1] ?? linkAfter?.[2]
      return compact({ blockType: 'supportOrganization' as const, description, name: plainText(bold), url })
    })
  })
}

/** The clause after the names, as a sentence: " that work for X. Visit…" → "Work for X." */
function describeOrganizations(text: string): string | undefined {
  const firstSentence = plainText(text).split(/(?<=[a-z]{2}[.!?])\s/)[0] ?? ''
  const clause = firstSentence
    .replace(/^[\s,;:–—-]*(?:(?:that|which|who)\s+)?/i, '')
    .replace(/[.!?\s]+$/, '')
  if (clause.split(/\s+/).length < MIN_DESCRIPTION_WORDS) return undefined
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`
}

// ---------------------------------------------------------------------------------------------
// Hashtags

// A hashtag starts a word: "page#part" in a URL and "### Heading" are not hashtags.
const HASHTAG = /(?<=^|[\s(“"‘'])#(\p{L}[\p{L}\p{N}_]*)/gu

function findHashtags(markdown: string): string[] {
  const seen = new Set<string>()
  const hashtags: string[] = []
  for (const [, tag = ''] of markdown.matchAll(HASHTAG)) {
    if (seen.has(tag.toLowerCase())) continue
    seen.add(tag.toLowerCase())
    hashtags.push(tag)
  }
  return hashtags
}

// ---------------------------------------------------------------------------------------------

/** Leaves out fields that were not found, so actions compare and store cleanly. */
function compact<T extends object>(action: T): T {
  return Object.fromEntries(Object.entries(action).filter(([, value]) => value !== undefined && value !== '')) as T
}
