/**
 * Made-up saved pages in the seed's format for bench:import: categories, three sections with a
 * To Do list of typed actions, related titles naming earlier pages and other outlets.
 */
import type { PageFile } from '../import/importPages'

import { seededRandom, syntheticArchive } from './syntheticArticles'

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "Sunday, August 17, 2025, 10:28:29 AM Eastern Daylight Time" for a UTC instant. */
function easternDaylight(utc: Date): string {
  const local = new Date(utc.getTime() - 4 * 3_600_000)
  const hours = local.getUTCHours()
  const clock = `${hours % 12 || 12}:${String(local.getUTCMinutes()).padStart(2, '0')}:${String(local.getUTCSeconds()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`
  return `${WEEKDAYS[local.getUTCDay()]}, ${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()}, ${local.getUTCFullYear()}, ${clock} Eastern Daylight Time`
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

export function syntheticPages(count: number, seed = 7): PageFile[] {
  const next = syntheticArchive(seed, { categories: 12 })
  const random = seededRandom(seed + 1)
  const titles: string[] = []
  const pages: PageFile[] = []
  for (let n = 0; n < count; n++) {
    const article = next()
    const title = `${capitalise(article.title)} ${n}`
    const words = article.body.split(' ')
    const paragraph = (from: number, length: number) => `${capitalise(words.slice(from, from + length).join(' '))}.`
    const related = [
      ...(titles.length > 0 ? [titles[Math.floor(random() * titles.length)]!] : []),
      `${capitalise(words.slice(0, 6).join(' '))} - Outlet ${n % 17}`,
      `${capitalise(words.slice(6, 14).join(' '))}`,
    ]
    titles.push(title)
    const lines = [
      'Bench Desk',
      'Synthetic pages for bench:import',
      '',
      'Home\u00a0\u00a0   Categories\u00a0\u00a0   Search',
      '',
      title,
      '',
      `outlet${n % 23}.example -- ${easternDaylight(article.publishedAt)}`,
      `Categories: Category ${article.category}, Category ${(article.category + 5) % 12}`,
      title,
      '',
      `${capitalise(article.summary)}.`,
      '',
      paragraph(0, 60),
      '',
      'Story continues below this ad',
      '',
      paragraph(60, 60),
      '',
      paragraph(120, 60),
      '',
      'Expand',
      '',
      'Sign Our Petition',
      '',
      'Opinion:',
      '',
      paragraph(10, 70),
      '',
      'Action:',
      '',
      paragraph(30, 70),
      '',
      'To Do:',
      '',
      paragraph(50, 20),
      '',
      '### Exact Actions We Can Take',
      '',
      `1. **Sign Petitions**: - **Petition on ${words[3]}**: Add your name on Change.org. - Share it with neighbours.`,
      '',
      `2. **Contact Officials**: - Sample Message: “${paragraph(80, 20)}” - **Representative ${capitalise(words[5]!)}** - Email: rep${n}@example.org - Mailing Address: ${n} Main Street, Town, ST 00000`,
      '',
      `3. **Share**: Use #${capitalise(words[7]!)} and #${capitalise(words[9]!)}.`,
      '',
      'Sign Our Petition',
      '',
      `${related.length} Related Article(s):`,
      '',
      ...related.flatMap((line) => [line, '']),
      'Updated very often',
      'All Opinions and Actions are (C)opyright 2026 - BenchDesk.example',
    ]
    pages.push({ name: `page-${String(n).padStart(5, '0')}.txt`, text: lines.join('\n') })
  }
  return pages
}
