/**
 * `npm run bench:hardening`: what the anonymous attacks of issue #13 cost a production server
 * on SQLite with demo-sized content (200 published articles, 10 related links each). For each
 * request: its answer and how long it took, the worst `/healthz` latency while it ran against
 * idle `/healthz` latency (measured in the same run), and the growth of the server's resident
 * memory. Beside them, ordinary frontend queries as a same-run baseline. The bar: no anonymous
 * request holds the server more than 1 s or grows its memory more than 100 MB.
 *
 * Attacks are listed by door (GraphQL, REST); another door adds its requests to `ATTACKS` the
 * same way. A burst sends several copies at once; its time is its slowest request's, which mostly
 * waited its turn, so it is held to the bar by `/healthz` and memory only.
 *
 * Options: --articles=200 --links=10 --doors=graphql,rest
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'

import { seedLinkedArticles } from '../../tests/helpers/linkedArticles'
import { startTestPayload } from '../../tests/helpers/testPayload'
import { startTestServer } from '../../tests/helpers/testServer'

const { values: args } = parseArgs({
  options: {
    articles: { default: '200', type: 'string' },
    doors: { default: 'graphql,rest', type: 'string' },
    links: { default: '10', type: 'string' },
  },
})
const HOLD_LIMIT_MS = 1000
const GROWTH_LIMIT_MB = 100

type Request = { body?: string; contentType?: string; method?: string; path: string }
/** `ids`: the seeded articles' ids, then the petition's. */
type Probe = { burst?: number; door: string; name: string; request: (ids: (number | string)[], copy: number) => Request; ordinary?: boolean }

const rest = (path: string): Request => ({ method: 'GET', path: `/api${path}` })

/** As many conditions as a `where` may hold (src/requestGuard/whereSize.ts), each a text search most articles match. */
function manyConditions(count: number): string {
  const words = ['council', 'budget', 'bridge', 'decided', 'linked']
  return Array.from({ length: count }, (_, n) => `where[or][${n}][${n % 2 ? 'title' : 'slug'}][like]=${words[n % words.length]}`).join('&')
}

const graphql = (query: string, variables?: Record<string, unknown>): Request => ({
  body: JSON.stringify({ query, variables }),
  contentType: 'application/json',
  path: '/api/graphql',
})

function nestedLinks(levels: number): string {
  let inner = 'id title'
  for (let level = 0; level < levels; level++) inner = `id relatedLinks(limit: 10) { docs { to { ${inner} } } }`
  return `{ Articles(limit: 100) { docs { ${inner} } } }`
}

export const ATTACKS: Probe[] = [
  // Ordinary frontend reads: the baseline.
  { door: 'graphql', name: 'ordinary: 10 articles, title/slug/summary/categories', ordinary: true, request: () => graphql('{ Articles(limit: 10) { docs { title slug summary categories { name } } } }') },
  {
    door: 'graphql',
    name: 'ordinary: one article, sections + related links',
    ordinary: true,
    request: ([id]) => graphql('query ($id: Int!) { Article(id: $id) { title sections { docs { kind body } } relatedLinks { docs { position to { title slug } } } } }', { id }),
  },
  {
    door: 'graphql',
    name: 'allowed: 90 articles, title/slug/summary (cost 941)',
    ordinary: true,
    request: () => graphql('{ Articles(limit: 90) { docs { title slug summary } } }'),
  },
  {
    door: 'graphql',
    name: 'allowed: 15 articles × 10 links (cost 956)',
    ordinary: true,
    request: () => graphql('{ Articles(limit: 15) { docs { title slug categories { name } relatedLinks(limit: 10) { docs { position to { title slug } } } } } }'),
  },
  {
    door: 'graphql',
    name: 'allowed: 20 aliases of Article(id) (cost 1000)',
    ordinary: true,
    request: ([id]) => graphql(`{ ${Array.from({ length: 20 }, (_, n) => `a${n}: Article(id: ${id}) { title }`).join(' ')} }`),
  },
  // The attacks.
  { door: 'graphql', name: 'related links nested 5 levels', request: () => graphql(nestedLinks(5)) },
  { door: 'graphql', name: 'related links nested 8 levels', request: () => graphql(nestedLinks(8)) },
  { door: 'graphql', name: 'related links nested 2 levels', request: () => graphql(nestedLinks(2)) },
  { door: 'graphql', name: '30 aliases of Article(id)', request: ([id]) => graphql(`{ ${Array.from({ length: 30 }, (_, n) => `a${n}: Article(id: ${id}) { title }`).join(' ')} }`) },
  { door: 'graphql', name: '500 aliases of Article(id)', request: ([id]) => graphql(`{ ${Array.from({ length: 500 }, (_, n) => `a${n}: Article(id: ${id}) { title }`).join(' ')} }`) },
  {
    door: 'graphql',
    name: 'fragment cycle',
    request: ([id]) => graphql(`{ Article(id: ${id}) { ...A } } fragment A on Article { relatedLinks { docs { to { ...B } } } } fragment B on Article { ...A }`),
  },
  { door: 'graphql', name: 'Articles(pagination: false) with joins', request: () => graphql('{ Articles(pagination: false) { docs { relatedLinks { docs { to { title } } } } } }') },
  { door: 'graphql', name: 'join without limit on every article', request: () => graphql('{ Articles(limit: 100) { docs { relatedLinks { docs { to { relatedLinks { docs { id } } } } } } } }') },
  { door: 'graphql', name: 'malformed JSON', request: () => ({ body: '{"query": "{', contentType: 'application/json', path: '/api/graphql' }) },
  { door: 'graphql', name: 'body null', request: () => ({ body: 'null', contentType: 'application/json', path: '/api/graphql' }) },
  { door: 'graphql', name: 'body 42', request: () => ({ body: '42', contentType: 'application/json', path: '/api/graphql' }) },
  { door: 'graphql', name: 'text/plain body', request: () => ({ body: '{ __typename }', contentType: 'text/plain', path: '/api/graphql' }) },
  { door: 'graphql', name: 'bad variables', request: () => graphql('query ($id: Int!) { Article(id: $id) { title } }', { id: 'abc' }) },

  // REST: ordinary reads, then the largest an anonymous request may ask for (src/requestGuard/publicReads.ts).
  { door: 'rest', name: 'ordinary: 10 articles, depth 1', ordinary: true, request: () => rest('/articles?limit=10&depth=1') },
  { door: 'rest', name: 'ordinary: one article, depth 2', ordinary: true, request: ([id]) => rest(`/articles/${id}?depth=2`) },
  { door: 'rest', name: 'allowed: 50 articles, depth 3', request: () => rest('/articles?limit=50&depth=3') },
  { door: 'rest', name: 'allowed: 100 articles, depth 0', request: () => rest('/articles?limit=100&depth=0') },
  { door: 'rest', name: 'allowed: 100 articles, depth 2', request: () => rest('/articles?limit=100&depth=2') },
  { door: 'rest', name: 'allowed: 100 articles, depth 3', request: () => rest('/articles?limit=100&depth=3') },
  { door: 'rest', name: 'allowed: 100 articles, depth 3, joins of 5 + 5', request: () => rest('/articles?limit=100&depth=3&joins[relatedLinks][limit]=5&joins[sections][limit]=5') },
  { door: 'rest', name: 'allowed: 10 articles, depth 3, joins of 50 + 50', request: () => rest('/articles?limit=10&depth=3&joins[relatedLinks][limit]=50&joins[sections][limit]=50') },
  { door: 'rest', name: 'refused: 100 articles, joins of 100 + 100', request: () => rest('/articles?limit=100&depth=3&joins[relatedLinks][limit]=100&joins[sections][limit]=100') },
  { door: 'rest', name: 'allowed: 100 related links, depth 3', request: () => rest('/related-links?limit=100&depth=3') },
  { door: 'rest', name: 'allowed: one article, depth 3, joins of 100', request: ([id]) => rest(`/articles/${id}?depth=3&joins[relatedLinks][limit]=100`) },
  { door: 'rest', name: 'allowed: 200 like conditions, 100 articles, depth 3', request: () => rest(`/articles?limit=100&depth=3&${manyConditions(200)}`) },
  { door: 'rest', name: 'burst: 5 × 100 articles, depth 3, pages 1-5', burst: 5, request: (_ids, copy) => rest(`/articles?limit=100&depth=3&page=${copy + 1}`) },
  { door: 'rest', name: 'burst: 20 × the same 100 articles, depth 3', burst: 20, request: () => rest('/articles?limit=100&depth=3') },
  // A junk parameter makes each copy a different request, so the read cache cannot share one answer.
  {
    door: 'rest',
    name: 'burst: 20 different × 10 articles, depth 3, joins of 50 + 50',
    burst: 20,
    request: (_ids, copy) => rest(`/articles?limit=10&depth=3&joins[relatedLinks][limit]=50&joins[sections][limit]=50&v=${copy}`),
  },
  {
    door: 'rest',
    name: 'burst: 100 signatures at once (sign endpoint)',
    burst: 100,
    request: (ids, copy) => ({
      body: JSON.stringify({ email: `burst-${copy}@example.org`, name: `Burst ${copy}` }),
      contentType: 'application/json',
      method: 'POST',
      path: `/api/petitions/${ids.at(-1)}/sign`,
    }),
  },
  { door: 'rest', name: 'refused: related links, limit=0, depth=1000', request: () => rest('/related-links?limit=0&depth=1000') },
  { door: 'rest', name: 'refused: articles, pagination=false', request: () => rest('/articles?pagination=false&depth=3') },
  { door: 'rest', name: 'refused: articles, limit=100, depth=10', request: () => rest('/articles?limit=100&depth=10') },
]

function rssMB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match ? Number(match[1]) / 1024 : NaN
}

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; text: string }> {
  const start = performance.now()
  const response = await fetch(url, init)
  const text = await response.text()
  return { ms: performance.now() - start, status: response.status, text }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function idleHealth(url: string): Promise<number> {
  const samples: number[] = []
  for (let n = 0; n < 40; n++) samples.push((await timed(`${url}/healthz`)).ms)
  return median(samples)
}

type Result = { answer: string; growthMB: number; healthMs: number; ms: number; name: string; ordinary: boolean }

async function run(url: string, pid: number, probe: Probe, ids: (number | string)[]): Promise<Result> {
  const requests = Array.from({ length: probe.burst ?? 1 }, (_, copy) => probe.request(ids, copy))
  const before = rssMB(pid)
  let peak = before
  let done = false
  const health: number[] = []
  const watchHealth = (async () => {
    do health.push((await timed(`${url}/healthz`)).ms)
    while (!done)
  })()
  const watchMemory = setInterval(() => (peak = Math.max(peak, rssMB(pid))), 20)
  const answers = await Promise.all(
    requests.map((request) =>
      timed(`${url}${request.path}`, {
        body: request.body,
        headers: request.contentType ? { 'content-type': request.contentType } : {},
        method: request.method ?? 'POST',
      }),
    ),
  )
  const answer = answers.reduce((slowest, each) => (each.ms > slowest.ms ? each : slowest))
  done = true
  await watchHealth
  clearInterval(watchMemory)
  peak = Math.max(peak, rssMB(pid))
  return { answer: summarize(answers), growthMB: peak - before, healthMs: Math.max(...health), ms: answer.ms, name: probe.name, ordinary: Boolean(probe.ordinary) }
}

/** One answer: its status and error codes (or `data`); a burst: how many got each status. */
function summarize(answers: { status: number; text: string }[]): string {
  if (answers.length > 1) {
    const counts = new Map<number, number>()
    for (const each of answers) counts.set(each.status, (counts.get(each.status) ?? 0) + 1)
    return [...counts].map(([status, count]) => `${count}×${status}`).join(' ')
  }
  const [answer] = answers as [{ status: number; text: string }]
  try {
    const body = JSON.parse(answer.text)
    const codes = (body.errors ?? []).map((error: { extensions?: { code?: string }; message: string }) => error.extensions?.code ?? error.message.slice(0, 30))
    return `${answer.status}${codes.length ? ` ${[...new Set(codes)].join(',')}` : ' data'}`
  } catch {
    return `${answer.status} (not JSON)`
  }
}

async function main() {
  process.env.TEST_DATABASE = 'sqlite'
  const articles = Number(args.articles)
  const server = await startTestServer({ env: { PAYLOAD_SECRET: randomBytes(32).toString('hex') } })
  const local = await startTestPayload({ database: server.database })
  try {
    const seedStart = performance.now()
    const { articleIds } = await seedLinkedArticles(local.payload, { articles, linksPerArticle: Number(args.links) })
    const petition = await local.payload.create({ collection: 'petitions', data: { _status: 'published', title: 'Bench petition' } as never })
    const ids = [...articleIds, petition.id]
    console.log(`Seeded ${articles} published articles with ${args.links} related links each in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.\n`)
    const pid = server.process.pid!
    const doors = args.doors.split(',')
    // The first GraphQL request builds the schema: not what an attack costs.
    await fetch(`${server.url}/api/graphql`, { body: JSON.stringify({ query: '{ Articles(limit: 1) { docs { id } } }' }), headers: { 'content-type': 'application/json' }, method: 'POST' })
    const idle = await idleHealth(server.url)
    console.log(`idle /healthz: ${idle.toFixed(1)} ms (median of 40) · server RSS ${rssMB(pid).toFixed(0)} MB\n`)
    console.log(`${'request'.padEnd(56)} ${'answer'.padEnd(34)} ${'time'.padStart(8)} ${'worst /healthz'.padStart(15)} ${'ratio'.padStart(7)} ${'RSS +'.padStart(8)}  bar`)
    let failed = false
    for (const probe of ATTACKS.filter((attack) => doors.includes(attack.door))) {
      const result = await run(server.url, pid, probe, ids)
      // A burst's slowest request mostly waited its turn: the server is held when /healthz waits.
      const held = probe.burst ? result.healthMs : Math.max(result.ms, result.healthMs)
      const pass = held <= HOLD_LIMIT_MS && result.growthMB <= GROWTH_LIMIT_MB
      if (!pass && !result.ordinary) failed = true
      console.log(
        `${`${probe.door}: ${result.name}`.slice(0, 56).padEnd(56)} ${result.answer.slice(0, 34).padEnd(34)} ${`${result.ms.toFixed(0)} ms`.padStart(8)} ${`${result.healthMs.toFixed(0)} ms`.padStart(15)} ${`×${(result.healthMs / idle).toFixed(1)}`.padStart(7)} ${`${result.growthMB.toFixed(0)} MB`.padStart(8)}  ${pass ? 'ok' : 'OVER'}`,
      )
    }
    console.log(`\nBar: no anonymous attack holds the server more than ${HOLD_LIMIT_MS} ms or grows RSS more than ${GROWTH_LIMIT_MB} MB: ${failed ? 'FAILED' : 'met'}.`)
    if (failed) process.exitCode = 1
  } finally {
    await local.close()
    await server.stop()
  }
}

console.log(`bench:hardening — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`)
console.log('Production server on loopback, SQLite; every request anonymous; a burst reports its slowest request.\n')
await main()
