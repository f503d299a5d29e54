import fs from 'node:fs'

import { describe, expect, it } from 'vitest'

import { nestSubItems, PageFormatError, parsePage, splitInlineSubItems, splitRelatedTitle } from '../../src/import/parsePage'
import { parseSourceDate } from '../../src/import/sourceDate'
import { extractActions } from '../../src/import/todoActions'

function fixture(name: string): string {
  return fs.readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8')
}

function problemsOf(text: string): string[] {
  try {
    parsePage(text)
  } catch (error) {
    if (error instanceof PageFormatError) return error.problems
    throw error
  }
  throw new Error('expected a PageFormatError')
}

const CHROME = [
  'Civic Lantern Owl Logo',
  'Notes for the civic-minded',
  'Subscribe',
  'Story continues below this ad',
  'Expand',
  'Sign Our Petition',
  'Updated very often',
  'opyright',
]

function everyTextOf(page: ReturnType<typeof parsePage>): string[] {
  return [
    page.summary,
    ...page.body,
    ...page.sections.map((section) => section.markdown),
    ...page.related.flatMap(({ outlet, title }) => [title, outlet ?? '']),
  ]
}

describe('parsePage: full page', () => {
  const page = parsePage(fixture('full-page.txt'))

  it('reads the headline, outlet, source URL and publication time', () => {
    expect(page.title).toBe('Brackenridge council approves transit levy after seven-hour hearing')
    expect(page.outlet).toBe('brackenridgeledger.example')
    expect(page.sourceUrl).toBe('https://brackenridgeledger.example/2025/03/04/council-transit-levy')
    // 9:05:12 PM Eastern Standard Time is UTC−5.
    expect(page.sourcePublishedAt).toBe('2025-03-05T02:05:12.000Z')
  })

  it('keeps categories as first written and drops a repeat that differs in case and dash', () => {
    expect(page.categories).toEqual([
      'Local Government',
      'Transit–Infrastructure Policy',
      'Taxes & Budgets',
      'Mt. Halden Region',
    ])
  })

  it('skips the repeated headline: the summary is the lede', () => {
    expect(page.summary).toMatch(/^The Brackenridge city council voted 5-4 late Tuesday/)
    expect(page.body).toHaveLength(4)
    expect(page.body[0]).toMatch(/^Supporters said the levy/)
    expect(page.body[3]).toMatch(/reached the podium at 12:40 a\.m\.$/)
  })

  it('drops every chrome line', () => {
    for (const text of everyTextOf(page)) {
      for (const chrome of CHROME) expect(text).not.toContain(chrome)
    }
  })

  it('counts the "Sign Our Petition" calls', () => {
    expect(page.petitionCalls).toBe(3)
  })

  it('finds the three sections in order, with headings as written', () => {
    expect(page.sections.map(({ heading, kind }) => [kind, heading])).toEqual([
      ['opinion', 'Opinion'],
      ['action', 'Action'],
      ['todo', 'To Do'],
    ])
  })

  it('separates section paragraphs by a blank line', () => {
    const opinion = page.sections[0]?.markdown ?? ''
    expect(opinion.split('\n\n')).toHaveLength(2)
    expect(opinion).toMatch(/^A quarter cent on the dollar/)
  })

  it('writes the To Do section as CommonMark with headings, one list per run and nested sub-items', () => {
    const todo = page.sections[2]?.markdown ?? ''
    expect(todo).toContain('\n\n### What Can We Personally Do?\n\n')
    expect(todo).toContain('\n\n### Exact Actions We Can Take\n\n')
    // Items the page separates by blank lines form one list.
    expect(todo).toContain(
      "1. **Read the Measure**: The full levy text is on the city clerk's page. It runs to nine pages and is plainer than most.\n2. **Ride and Report**:",
    )
    expect(todo).toContain(
      '1. **Sign Petitions**:\n    - **Petition to Restore Evening Bus Service**: Add your name on [Change.org](https://www.change.org/p/restore-brackenridge-evening-buses) and pass it on to neighbours.\n    - Example: Search for “Brackenridge buses” on Care2 to find a companion petition.\n2. **Contact Your Representatives**:\n',
    )
    expect(todo).toContain(
      '4. **Contact the White House**: Ask for federal transit grants that reach small cities:\n    - Email: [White House contact form](https://www.whitehouse.gov/contact/)\n',
    )
    // The dash inside the quoted sample message does not start a sub-item.
    expect(todo).toContain(
      '    - Sample Message: “Dear Council Member, I support letting voters decide on the transit levy - Ward 3 has waited long enough for evening buses. Thank you.”\n',
    )
    // Below "…you could write to:" the contacts are a level deeper.
    expect(todo).toContain(
      '    - **Example Contact**: For Ward 3, you could write to:\n        - **Representative Marisol Fenwick**\n        - Email: m.fenwick@council.brackenridge.example\n',
    )
    expect(todo).toMatch(/tag friends who ride\. Every #FundTheBus post helps\.\n\nTaking even one of these steps/)
  })

  it('splits related titles from their outlets', () => {
    expect(page.related).toEqual([
      { outlet: 'Halden Valley Courier', title: 'Levy vote splits Brackenridge neighbourhoods -- what happens next' },
      { title: 'Bus riders pack council chambers as transit levy heads to voters' },
      { outlet: 'riverbendpost', title: 'Transit levy: five questions for the Brackenridge budget office' },
      { title: 'A levy is only as good as the routes it buys - and the valley knows it' },
      { title: 'Millbrook weighs its own evening bus pilot as costs climb,...' },
    ])
  })

  it('extracts the To Do actions', () => {
    const sampleToCouncil =
      'Dear Council Member, I support letting voters decide on the transit levy - Ward 3 has waited long enough for evening buses. Thank you.'
    const description = 'Campaign for frequent, affordable service across the valley.'
    expect(extractActions(page.sections[2]?.markdown ?? '')).toEqual([
      {
        blockType: 'petition',
        platform: 'Change.org',
        title: 'Petition to Restore Evening Bus Service',
        url: 'https://www.change.org/p/restore-brackenridge-evening-buses',
      },
      // The example names a second platform: a second place to sign.
      { blockType: 'petition', platform: 'Care2', title: 'Petition to Restore Evening Bus Service' },
      {
        blockType: 'contactOfficial',
        email: 'm.fenwick@council.brackenridge.example',
        name: 'Marisol Fenwick',
        office: 'Representative',
        phone: '(555) 010-4477',
        postalAddress: '12 Foundry Lane, Suite 4, Brackenridge, HS 40917',
        sampleMessage: sampleToCouncil,
      },
      {
        blockType: 'contactOfficial',
        contactUrl: 'https://okafor.senate.example/contact',
        name: 'Caleb Okafor',
        office: 'Senator',
        sampleMessage: sampleToCouncil,
      },
      { blockType: 'supportOrganization', description, name: 'Brackenridge Riders Union (BRU)' },
      { blockType: 'supportOrganization', description, name: 'Pedal & Path Halden' },
      {
        blockType: 'contactOfficial',
        contactUrl: 'https://www.whitehouse.gov/contact/',
        name: 'The White House',
        postalAddress: 'The White House, 1600 Pennsylvania Avenue NW, Washington, D.C. 20500',
        sampleMessage: 'Please widen federal transit grants so that cities like Brackenridge can run buses after dark.',
      },
      { blockType: 'share', hashtags: ['FundTheBus', 'BrackenridgeMoves'] },
    ])
  })

  it('parses the same page saved with CRLF line endings and a byte-order mark identically', () => {
    const windows = `\uFEFF${fixture('full-page.txt').replace(/\n/g, '\r\n')}`
    expect(parsePage(windows)).toEqual(page)
  })
})

describe('parsePage: other fixtures', () => {
  it('reads a page saved with CRLF line endings as its LF version', () => {
    const text = fixture('crlf.txt')
    expect(text).toContain('\r\n')
    const page = parsePage(text)
    expect(page).toEqual(parsePage(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')))
    expect(page.title).toBe('Pinecrest school board delays vote on later start times')
    expect(page.outlet).toBe('pinecrestdaily.example')
    expect(page.sourcePublishedAt).toBe('2025-01-13T15:30:45.000Z')
    expect(page.categories).toEqual(['Education', 'Health & Wellbeing'])
    expect(page.summary).toMatch(/^The Pinecrest school board postponed a vote/)
    expect(page.body).toEqual(['Parents filled the meeting room, and most of the twenty speakers backed the later start.'])
    expect(page.sections.map((section) => section.kind)).toEqual(['opinion'])
    expect(page.related).toEqual([
      { outlet: 'Valley Schools Weekly', title: 'Neighbouring Oakvale reports fewer late arrivals after start-time change' },
    ])
    for (const text of everyTextOf(page)) expect(text).not.toMatch(/\r|\uFEFF/)
  })

  it('reads a page without a related block', () => {
    const page = parsePage(fixture('no-related.txt'))
    expect(page.title).toBe('Ashford Mill residents return after River Tane crests at record level')
    expect(page.sourcePublishedAt).toBe('2025-04-12T10:40:03.000Z')
    expect(page.categories).toEqual(['Weather & Climate', 'Emergency Services', 'Rural Affairs'])
    expect(page.body).toHaveLength(2)
    expect(page.related).toEqual([])
    expect(page.petitionCalls).toBe(1)
    expect(page.sections.map((section) => section.kind)).toEqual(['opinion', 'todo'])
    expect(page.sections[1]?.markdown).toBe(
      '1. **Volunteer**: The shelter at the school gym needs people for the night shift.\n2. **Give Supplies**: Bring bottled water, blankets and cleaning kits to the fire hall on Mill Road.',
    )
    // The footer after the last section is not section text.
    expect(page.sections[1]?.markdown).not.toContain('Updated very often')
  })

  it('reads a page with only an Opinion section', () => {
    const page = parsePage(fixture('opinion-only.txt'))
    expect(page.title).toBe('Westbury votes to close its Elm Street library branch')
    expect(page.outlet).toBe('westburytimes.example')
    // 3:12:44 PM Central Daylight Time is UTC−5.
    expect(page.sourcePublishedAt).toBe('2025-10-08T20:12:44.000Z')
    expect(page.sections).toHaveLength(1)
    expect(page.sections[0]).toMatchObject({ heading: 'Opinion', kind: 'opinion' })
    expect(page.sections[0]?.markdown).toMatch(/^A library branch is not only a room full of books\./)
    expect(page.sections[0]?.markdown).toMatch(/\n\nThe board should publish the alternatives it considered before the closure takes effect\.$/)
    expect(page.related).toEqual([])
  })

  it('reads a page dated in Central European Summer Time, with a bare source URL line', () => {
    const page = parsePage(fixture('other-timezone.txt'))
    expect(page.title).toBe('Kessel Harbour ferry crews begin two-day strike')
    expect(page.sourcePublishedAt).toBe('2025-06-06T14:15:00.000Z')
    expect(page.sourceUrl).toBe('https://kesselpost.example/news/ferry-strike')
    expect(page.categories).toEqual(['Labour', 'Transport'])
    expect(page.summary).toMatch(/^Ferry crews in Kessel Harbour walked off the job/)
    expect(page.sections.map((section) => section.kind)).toEqual(['opinion', 'action'])
    expect(page.related).toEqual([
      { outlet: 'Harbour Radio', title: 'Island schools prepare for a week without ferries' },
      { title: 'Kessel Harbour operator says talks remain open' },
    ])
  })

  it('reads a page without a Categories line', () => {
    const page = parsePage(fixture('no-categories.txt'))
    expect(page.categories).toEqual([])
    expect(page.title).toBe('Harlan Creek bridge to close for six weeks of repairs')
    expect(page.sourcePublishedAt).toBe('2025-05-22T17:02:19.000Z')
    // The repeated headline right after the dateline is skipped too.
    expect(page.summary).toMatch(/^The county will close the Harlan Creek bridge from June 2/)
    expect(page.body).toEqual(['A shuttle van will run every half hour during the closure.'])
    expect(page.sourceUrl).toBeUndefined()
  })
})

describe('parsePage: not a page', () => {
  it('rejects unrelated text, naming what is missing', () => {
    expect(() => parsePage(fixture('not-a-page.txt'))).toThrow(PageFormatError)
    expect(problemsOf(fixture('not-a-page.txt'))).toEqual(['no headline', 'no "<outlet> -- <date>" line', 'no summary'])
  })

  it('rejects an empty file and a JSON file', () => {
    expect(problemsOf('')).toContain('no "<outlet> -- <date>" line')
    expect(problemsOf('{"title": "x", "date": "2025-03-04"}')).toContain('no "<outlet> -- <date>" line')
  })

  it('lists the problems in the error message', () => {
    expect(() => parsePage('just a note')).toThrow(/no headline; no "<outlet> -- <date>" line; no summary/)
  })

  it('reports a date in an unknown time zone', () => {
    const text = fixture('no-categories.txt').replace('Mountain Daylight Time', 'Martian Coordinated Time')
    expect(problemsOf(text)).toEqual(['date "Thursday, May 22, 2025, 11:02:19 AM Martian Coordinated Time" has an unknown time zone'])
  })

  it('reports a page that stops after the headline', () => {
    const text = 'Harlan Creek bridge to close\n\nharlanherald.example -- Thursday, May 22, 2025, 11:02:19 AM MDT\n\nSign Our Petition\n'
    expect(problemsOf(text)).toEqual(['no summary'])
  })

  it('does not take the navigation line for a missing headline', () => {
    const text = 'Home\u00a0 \u00a0 Search\u00a0 \u00a0 Subscribe\n\nharlanherald.example -- Thursday, May 22, 2025, 11:02:19 AM MDT\n\nThe county will close the bridge.\n'
    expect(problemsOf(text)).toEqual(['no headline'])
  })

  it('reports a dateline with nothing above it', () => {
    const text = 'harlanherald.example -- Thursday, May 22, 2025, 11:02:19 AM MDT\n\nThe county will close the bridge.\n'
    expect(problemsOf(text)).toEqual(['no headline'])
  })
})

describe('splitRelatedTitle', () => {
  it('splits off a short trailing outlet name only', () => {
    expect(splitRelatedTitle('Ferry talks resume - Harbour Radio')).toEqual({ outlet: 'Harbour Radio', title: 'Ferry talks resume' })
    expect(splitRelatedTitle('Ferry talks - what the new offer means for crews,...')).toEqual({
      title: 'Ferry talks - what the new offer means for crews,...',
    })
    expect(splitRelatedTitle('Ferry talks resume - but the crews say the offer falls short of what was promised last year')).toEqual({
      title: 'Ferry talks resume - but the crews say the offer falls short of what was promised last year',
    })
  })
})

describe('splitInlineSubItems', () => {
  it('leaves items without the ": - " pattern whole', () => {
    expect(splitInlineSubItems('**Ride**: Take the 6 - it is faster - Trust me')).toEqual({
      subItems: [],
      text: '**Ride**: Take the 6 - it is faster - Trust me',
    })
  })

  it('does not split inside a link', () => {
    expect(splitInlineSubItems('**Read**: - See [Budget - Draft](https://x.example/a - B) - Then decide')).toEqual({
      subItems: ['See [Budget - Draft](https://x.example/a - B)', 'Then decide'],
      text: '**Read**:',
    })
  })
})

describe('nestSubItems', () => {
  it('puts the sub-items after one ending in a colon a level deeper, to the end of the item', () => {
    expect(nestSubItems(['**Write**: say why.', '**Example**: you might write to:', '**Mayor Ada Roe**', 'Email: a@x.example'])).toEqual([
      { depth: 1, text: '**Write**: say why.' },
      { depth: 1, text: '**Example**: you might write to:' },
      { depth: 2, text: '**Mayor Ada Roe**' },
      { depth: 2, text: 'Email: a@x.example' },
    ])
    expect(nestSubItems(['A: one', 'B'])).toEqual([
      { depth: 1, text: 'A: one' },
      { depth: 1, text: 'B' },
    ])
  })
})

describe('parseSourceDate', () => {
  const cases: [string, string][] = [
    ['Sunday, August 17, 2025, 10:28:29\u202FAM Eastern Daylight Time', '2025-08-17T14:28:29.000Z'],
    ['Sunday, August 17, 2025, 10:28:29 AM EDT', '2025-08-17T14:28:29.000Z'],
    ['Monday, January 13, 2025, 7:30:45 AM Pacific Standard Time', '2025-01-13T15:30:45.000Z'],
    ['Monday, January 13, 2025, 7:30:45 AM PST', '2025-01-13T15:30:45.000Z'],
    ['Friday, June 6, 2025, 4:15:00 PM Central European Summer Time', '2025-06-06T14:15:00.000Z'],
    ['Friday, June 6, 2025, 4:15:00 PM CEST', '2025-06-06T14:15:00.000Z'],
    ['Tuesday, March 4, 2025, 9:05 PM India Standard Time', '2025-03-04T15:35:00.000Z'],
    ['Tuesday, March 4, 2025, 9:05 PM IST', '2025-03-04T15:35:00.000Z'],
    ['Tuesday, March 4, 2025, 9:05 PM UTC+05:30', '2025-03-04T15:35:00.000Z'],
    ['Tuesday, March 4, 2025, 9:05 PM GMT-4', '2025-03-05T01:05:00.000Z'],
    ['Tuesday, March 4, 2025, 9:05 PM Coordinated Universal Time', '2025-03-04T21:05:00.000Z'],
    ['Tuesday, March 4, 2025, 21:05:00 (Greenwich Mean Time)', '2025-03-04T21:05:00.000Z'],
    // Any long name browsers print, not only a listed few: a quarter-hour zone, a southern one.
    ['Tuesday, March 4, 2025, 9:05 PM Nepal Time', '2025-03-04T15:20:00.000Z'],
    ['Tuesday, March 4, 2025, 9:05 PM Brasilia Standard Time', '2025-03-05T00:05:00.000Z'],
  ]
  it.each(cases)('reads %s', (text, iso) => {
    expect(parseSourceDate(text)?.toISOString()).toBe(iso)
  })

  it('returns undefined for an unknown zone, a missing zone, a missing clock or no date', () => {
    expect(parseSourceDate('Sunday, August 17, 2025, 10:28:29 AM Martian Coordinated Time')).toBeUndefined()
    expect(parseSourceDate('Sunday, August 17, 2025, 10:28:29 AM')).toBeUndefined()
    expect(parseSourceDate('Sunday, August 17, 2025')).toBeUndefined()
    expect(parseSourceDate('what happens next - Harbour Radio')).toBeUndefined()
    expect(parseSourceDate('')).toBeUndefined()
  })
})

describe('extractActions', () => {
  it('reads a one-line petition item with a platform link', () => {
    const markdown = '1. **Sign the Library Petition**: Add your name on [Action Network](https://actionnetwork.org/petitions/keep-elm-street-open).'
    expect(extractActions(markdown)).toEqual([
      {
        blockType: 'petition',
        platform: 'Action Network',
        title: 'Library Petition',
        url: 'https://actionnetwork.org/petitions/keep-elm-street-open',
      },
    ])
  })

  it('keeps every platform a petition is offered on, one petition each, and a link with the platform it points to', () => {
    const markdown =
      '1. **Sign Petitions**:\n    - **Petition for Quiet Streets**: Look on Change.org or MoveOn.org, or sign on [Avaaz](https://secure.avaaz.org/p/quiet-streets).\n    - Example: Search for “quiet streets” on Change.org.'
    expect(extractActions(markdown)).toEqual([
      { blockType: 'petition', platform: 'Change.org', title: 'Petition for Quiet Streets' },
      { blockType: 'petition', platform: 'MoveOn', title: 'Petition for Quiet Streets' },
      { blockType: 'petition', platform: 'Avaaz', title: 'Petition for Quiet Streets', url: 'https://secure.avaaz.org/p/quiet-streets' },
    ])
  })

  it('ignores petitions mentioned in passing, without a platform or link', () => {
    expect(extractActions('Signing petitions and calling officials both help.')).toEqual([])
  })

  it('expands an abbreviated office and omits an email that is not an address', () => {
    const markdown = [
      '1. **Contact Your Mayor**:',
      '    - **Mayor Ines Valdivia**',
      '    - Email: mayor at westbury dot example',
      '    - Phone: 555-0199.',
      '2. **Call Your Legislator**:',
      '    - **Rep. Tobias Marsh** - Email: [write to Rep. Marsh](mailto:t.marsh@assembly.example) - Mailing Address: 4 Quarry Road, Westbury, WB 10203.',
    ].join('\n')
    expect(extractActions(markdown)).toEqual([
      { blockType: 'contactOfficial', name: 'Ines Valdivia', office: 'Mayor', phone: '555-0199' },
      {
        blockType: 'contactOfficial',
        email: 't.marsh@assembly.example',
        name: 'Tobias Marsh',
        office: 'Representative',
        postalAddress: '4 Quarry Road, Westbury, WB 10203',
      },
    ])
  })

  it('reads organisations with links and without a description', () => {
    const markdown = '3. **Give**: Support groups such as **[Tane Valley Flood Fund](https://tanefund.example)** and **Ashford Pantry** ([site](https://pantry.example)).'
    expect(extractActions(markdown)).toEqual([
      { blockType: 'supportOrganization', name: 'Tane Valley Flood Fund', url: 'https://tanefund.example' },
      { blockType: 'supportOrganization', name: 'Ashford Pantry', url: 'https://pantry.example' },
    ])
  })

  it('takes hashtags that start a word, not headings or URL fragments', () => {
    const markdown = '### Share\n\nUse #KeepElmOpen (or #keepelmopen) and see [notes](https://x.example/page#section). #ReadLocal'
    expect(extractActions(markdown)).toEqual([{ blockType: 'share', hashtags: ['KeepElmOpen', 'ReadLocal'] }])
  })
})
