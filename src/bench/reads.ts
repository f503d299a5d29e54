/**
 * `npm run bench:reads`: anonymous public reads from Broadside against a plain Payload app
 * (src/bench/plainPayload: same Payload, Next, React and SQLite versions, `posts` shaped like
 * articles) — issue #14's yardstick. Both are production builds on loopback, seeded with the same
 * generated articles; Broadside runs twice on its one database, with the read cache on (default)
 * and with `READ_CACHE_MB=0`. Interleaved autocannon runs, several rounds, of: a list of 10 at
 * default depth, the page of one article, a GraphQL list of 10, and a conditional GET with the
 * ETag of a first answer. Prints req/s, p50/p99, bytes per answer and RSS, each as a ratio to
 * plain Payload measured in the same run.
 *
 * Broadside's page request is `--page-path` (`:slug` replaced); when that answers 404 (a build
 * without the page endpoint) the bench falls back to the by-slug list at `depth=2` and says so.
 *
 * Options: --articles=1000 --duration=10 --connections=10 --rounds=3 --page-path=/api/articles/page/:slug
 */
import autocannon from 'autocannon'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { getPayload } from 'payload'

import { startTestPayload } from '../../tests/helpers/testPayload'
import { startTestServer } from '../../tests/helpers/testServer'
import { closeDatabase } from '../database/closeDatabase'
import { createScratchDatabase } from '../database/scratchDatabase'
import { ensureProductionBuild } from '../host/ensureProductionBuild'
import { plainPayloadConfig } from './plainPayload/payload.config'
import { buildPlainPayload, startPlainPayload } from './plainPayload/server'
import { readsArticles, seedBroadside, seedPlainPayload } from './readsSeed'

const { values: args } = parseArgs({
  options: {
    articles: { default: '1000', type: 'string' },
    connections: { default: '10', type: 'string' },
    duration: { default: '10', type: 'string' },
    'page-path': { default: '/api/articles/page/:slug', type: 'string' },
    rounds: { default: '3', type: 'string' },
  },
})
const ARTICLES = Number(args.articles)
const CONNECTIONS = Number(args.connections)
const DURATION = Number(args.duration)
const ROUNDS = Number(args.rounds)
const ROOT = path.resolve(import.meta.dirname, '../..')

type Request = { body?: string; headers?: Record<string, string>; method?: 'GET' | 'POST'; path: string }
type Target = { name: string; pid: number; plain: boolean; requests: Record<Scenario, Request>; url: string }
type Scenario = 'conditional' | 'graphql' | 'list' | 'page'
const SCENARIOS: { label: string; scenario: Scenario }[] = [
  { label: 'list of 10, default depth', scenario: 'list' },
  { label: 'page of one article', scenario: 'page' },
  { label: 'GraphQL list of 10', scenario: 'graphql' },
  { label: 'conditional GET (list)', scenario: 'conditional' },
]

const graphql = (query: string): Request => ({ body: JSON.stringify({ query }), headers: { 'content-type': 'application/json' }, method: 'POST', path: '/api/graphql' })
const bySlug = (collection: string, slug: string) => `/api/${collection}?where[slug][equals]=${encodeURIComponent(slug)}&depth=2`

function requestsFor(collection: 'articles' | 'posts', pagePath: string): Record<Scenario, Request> {
  const list = `/api/${collection}?limit=10`
  const plural = collection === 'articles' ? 'Articles' : 'Posts'
  return {
    conditional: { path: list },
    graphql: graphql(`{ ${plural}(limit: 10) { docs { title slug summary categories { name } } } }`),
    list: { path: list },
    page: { path: pagePath },
  }
}

async function send(url: string, request: Request) {
  const response = await fetch(`${url}${request.path}`, {
    body: request.body,
    headers: { 'accept-encoding': 'identity', ...request.headers },
    method: request.method ?? 'GET',
  })
  const body = await response.text()
  return { body, bytes: Buffer.byteLength(body), headers: response.headers, status: response.status }
}

/** Fails loudly when an answer is not what a visitor would get: measuring 404s or empty lists proves nothing. */
function expectDocs(target: string, scenario: string, answer: Awaited<ReturnType<typeof send>>, count: number): void {
  let docs: unknown[] | undefined
  try {
    const json = JSON.parse(answer.body)
    docs = json.docs ?? json.data?.Articles?.docs ?? json.data?.Posts?.docs ?? (json.id ? [json] : undefined)
    if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 300))
  } catch (error) {
    throw new Error(`${target} ${scenario}: ${answer.status} ${String(error)} ${answer.body.slice(0, 300)}`)
  }
  if (answer.status !== 200 || docs?.length !== count) throw new Error(`${target} ${scenario}: ${answer.status} with ${docs?.length} documents, expected ${count}: ${answer.body.slice(0, 300)}`)
}

/**
 * Sends a scenario's request once and checks its answer; returns the body's size. The conditional
 * GET becomes a real one (If-None-Match with the list's ETag) where the server sends an ETag.
 */
async function checkAnswer(target: Target, scenario: Scenario, pageEndpoint: boolean): Promise<number> {
  if (scenario === 'conditional') {
    const first = await send(target.url, target.requests.list)
    const etag = first.headers.get('etag')
    const repeat = await send(target.url, target.requests.list)
    console.log(`${target.name}: ETag ${etag ?? 'none'}, X-Cache on a repeat ${repeat.headers.get('x-cache') ?? 'none'}, Cache-Control ${first.headers.get('cache-control') ?? 'none'}`)
    if (!etag) return first.bytes
    target.requests.conditional = { headers: { 'if-none-match': etag }, path: target.requests.list.path }
    const answer = await send(target.url, target.requests.conditional)
    if (answer.status !== 304) throw new Error(`${target.name} conditional GET: ${answer.status}, expected 304 for If-None-Match ${etag}`)
    return answer.bytes
  }
  const answer = await send(target.url, target.requests[scenario])
  if (scenario === 'page' && pageEndpoint && !target.plain) {
    if (answer.status !== 200) throw new Error(`${target.name} page: ${answer.status} ${answer.body.slice(0, 300)}`)
  } else {
    expectDocs(target.name, scenario, answer, scenario === 'page' ? 1 : 10)
  }
  return answer.bytes
}

function processTreeRssMB(root: number): number {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0
  const visit = (pid: number) => {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
    } catch {
      // Gone.
    }
    for (const child of children.get(pid) ?? []) visit(child)
  }
  visit(root)
  return total
}

type Run = { p50: number; p99: number; requests: number; seconds: number; statuses: Record<string, number> }

async function cannon(target: Target, request: Request, duration: number): Promise<Run> {
  const result = await autocannon({ body: request.body, connections: CONNECTIONS, duration, headers: request.headers, method: request.method ?? 'GET', url: `${target.url}${request.path}` })
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]))
  if (result.errors || result.timeouts) statuses.errors = result.errors + result.timeouts
  return { p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, seconds: result.duration, statuses }
}

/** Over all rounds: every answer counted, every second of running counted. */
const requestsPerSecond = (runs: Run[]) => runs.reduce((sum, run) => sum + run.requests, 0) / runs.reduce((sum, run) => sum + run.seconds, 0)
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)
/** A line every tenth of the way: seeding a thousand articles through Broadside's hooks takes minutes. */
const progress = (name: string) => (done: number) => {
  if (done % Math.max(1, Math.round(ARTICLES / 10)) === 0) console.log(`  ${name}: ${done}/${ARTICLES} seeded (${machine()})`)
}
const machine = () => `load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`

async function main(): Promise<void> {
  console.log(`bench:reads — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
  console.log(`${ARTICLES} articles; autocannon ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds, interleaved; anonymous, loopback only. Start: ${machine()}\n`)

  let started = performance.now()
  const broadsideBuild = await ensureProductionBuild(ROOT)
  console.log(`Broadside production build: ${broadsideBuild} (${seconds(started)} s)`)
  started = performance.now()
  const plainBuild = await buildPlainPayload()
  console.log(`plain Payload production build: ${plainBuild} (${seconds(started)} s)`)

  const secret = randomBytes(32).toString('hex')
  process.env.PAYLOAD_SECRET ??= secret
  const articles = readsArticles(ARTICLES)
  const broadsideDatabase = await createScratchDatabase('sqlite')
  const plainDatabase = await createScratchDatabase('sqlite')
  const stops: (() => Promise<unknown>)[] = [() => broadsideDatabase.drop(), () => plainDatabase.drop()]
  try {
    started = performance.now()
    const broadsideLocal = await startTestPayload({ database: broadsideDatabase })
    const broadsideInit = seconds(started)
    started = performance.now()
    await seedBroadside(broadsideLocal.payload, articles, progress('Broadside')).finally(broadsideLocal.close)
    const broadsideSeed = (performance.now() - started) / 1000
    console.log(`Broadside seeded through its hooks (draft, 3 sections, publish; related links built): ${broadsideSeed.toFixed(1)} s, ${(ARTICLES / broadsideSeed).toFixed(1)} articles/s (Payload start and migrations before it: ${broadsideInit} s)`)
    started = performance.now()
    const plainLocal = await getPayload({ config: plainPayloadConfig({ databaseUri: plainDatabase.uri }), key: `${plainDatabase.uri}#plain` })
    const plainInit = seconds(started)
    started = performance.now()
    await seedPlainPayload(plainLocal, articles).finally(() => closeDatabase(plainLocal))
    const plainSeed = (performance.now() - started) / 1000
    console.log(`plain Payload seeded (published posts): ${plainSeed.toFixed(1)} s, ${(ARTICLES / plainSeed).toFixed(1)} articles/s (Payload start and schema push before it: ${plainInit} s)\n`)

    const plain = await startPlainPayload({ DATABASE_URI: plainDatabase.uri, PAYLOAD_SECRET: secret })
    stops.unshift(plain.stop)
    const cached = await startTestServer({ env: { DATABASE_URI: broadsideDatabase.uri, PAYLOAD_SECRET: secret, READ_CACHE_MB: undefined } })
    stops.unshift(cached.stop)
    const uncached = await startTestServer({ env: { DATABASE_URI: broadsideDatabase.uri, PAYLOAD_SECRET: secret, READ_CACHE_MB: '0' } })
    stops.unshift(uncached.stop)

    const slug = articles[Math.floor(ARTICLES / 2)]!.slug
    const pagePath = args['page-path'].replace(':slug', encodeURIComponent(slug))
    const pageProbe = await send(cached.url, { path: pagePath })
    const broadsidePage = pageProbe.status === 404 ? bySlug('articles', slug) : pagePath
    const targets: Target[] = [
      { name: 'plain Payload', pid: plain.pid, plain: true, requests: requestsFor('posts', bySlug('posts', slug)), url: plain.url },
      { name: 'Broadside, cache on', pid: cached.process.pid!, plain: false, requests: requestsFor('articles', broadsidePage), url: cached.url },
      { name: 'Broadside, READ_CACHE_MB=0', pid: uncached.process.pid!, plain: false, requests: requestsFor('articles', broadsidePage), url: uncached.url },
    ]
    console.log(`Page request: Broadside ${broadsidePage}${broadsidePage === pagePath ? '' : ` (${args['page-path']} answered 404: no page endpoint in this build)`}; plain Payload ${targets[0]!.requests.page.path}`)

    const bytes = new Map<string, number>()
    for (const target of targets) {
      for (const { scenario } of SCENARIOS) bytes.set(`${target.name}/${scenario}`, await checkAnswer(target, scenario, broadsidePage === pagePath))
      // Warm-up, not measured: JIT, GraphQL schema, first cache fill.
      for (const { scenario } of SCENARIOS) await cannon(target, target.requests[scenario], 1)
    }

    console.log(`\nRuns start: ${machine()}`)
    const runs = new Map<string, Run[]>()
    for (let round = 1; round <= ROUNDS; round++) {
      for (const { scenario } of SCENARIOS) {
        for (const target of targets) {
          const key = `${target.name}/${scenario}`
          runs.set(key, [...(runs.get(key) ?? []), await cannon(target, target.requests[scenario], DURATION)])
        }
      }
      console.log(`round ${round}/${ROUNDS} done (${machine()})`)
    }
    const rss = new Map(targets.map((target) => [target.name, processTreeRssMB(target.pid)]))
    console.log(`\nEnd: ${machine()}\n`)
    printTable(targets, runs, bytes, rss)
  } finally {
    for (const stop of stops) await stop()
  }
}

function printTable(targets: Target[], runs: Map<string, Run[]>, bytes: Map<string, number>, rss: Map<string, number>): void {
  const columns = ['request', 'server', 'answers', 'req/s', 'p50 ms', 'p99 ms', 'bytes', '× plain req/s', '× plain bytes']
  const widths = [26, 27, 14, 9, 7, 7, 9, 14, 14]
  const row = (cells: string[]) => console.log(cells.map((cell, index) => (index < 3 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join(' '))
  row(columns)
  for (const { label, scenario } of SCENARIOS) {
    const rate = (name: string) => requestsPerSecond(runs.get(`${name}/${scenario}`)!)
    const plainName = targets.find((target) => target.plain)!.name
    for (const target of targets) {
      const list = runs.get(`${target.name}/${scenario}`)!
      const statuses: Record<string, number> = {}
      for (const run of list) for (const [code, count] of Object.entries(run.statuses)) statuses[code] = (statuses[code] ?? 0) + count
      const answers = Object.entries(statuses).sort((a, b) => b[1] - a[1]).map(([code]) => code).join('/')
      const size = bytes.get(`${target.name}/${scenario}`)!
      const plainSize = bytes.get(`${plainName}/${scenario}`)!
      row([
        target.plain ? label : '',
        target.name,
        answers,
        rate(target.name).toFixed(1),
        String(median(list.map((run) => run.p50))),
        String(median(list.map((run) => run.p99))),
        String(size),
        target.plain ? '' : `${(rate(target.name) / rate(plainName)).toFixed(2)}×`,
        target.plain || !plainSize ? '' : `${(size / plainSize).toFixed(2)}×`,
      ])
    }
  }
  const plainRss = rss.get(targets.find((target) => target.plain)!.name)!
  console.log(`\nRSS after the runs (process tree): ${targets.map((target) => `${target.name} ${rss.get(target.name)!.toFixed(0)} MB${target.plain ? '' : ` (${(rss.get(target.name)! / plainRss).toFixed(2)}×)`}`).join(' · ')}`)
  console.log('bytes: the answer body (no compression). answers: status codes seen, most frequent first.\n')
  printTargets(targets, runs, rss)
}

/** Issue #14's bars, as ratios to plain Payload in this run. Informational: the exit code stays 0. */
function printTargets(targets: Target[], runs: Map<string, Run[]>, rss: Map<string, number>): void {
  const [plain, cached, uncached] = targets as [Target, Target, Target]
  const rate = (target: Target, scenario: Scenario) => requestsPerSecond(runs.get(`${target.name}/${scenario}`)!)
  const ratio = (target: Target, scenario: Scenario) => rate(target, scenario) / rate(plain, scenario)
  const bars: [string, number, number][] = [
    ['cache on, list ≥ 10×', ratio(cached, 'list'), 10],
    ['cache on, page ≥ 10×', ratio(cached, 'page'), 10],
    ['cache on, GraphQL ≥ 10×', ratio(cached, 'graphql'), 10],
    ['cache on, conditional GET ≥ 20×', ratio(cached, 'conditional'), 20],
    ['READ_CACHE_MB=0, list ≥ 1.0×', ratio(uncached, 'list'), 1],
    ['READ_CACHE_MB=0, GraphQL ≥ 1.0×', ratio(uncached, 'graphql'), 1],
  ]
  console.log('Targets (issue #14):')
  for (const [label, value, bar] of bars) console.log(`  ${label.padEnd(42)} ${`${value.toFixed(2)}×`.padStart(9)}  ${value >= bar ? 'met' : 'missed'}`)
  for (const target of [cached, uncached]) {
    const value = rss.get(target.name)! / rss.get(plain.name)!
    console.log(`  ${`${target.name}, RSS ≤ 1.5×`.padEnd(42)} ${`${value.toFixed(2)}×`.padStart(9)}  ${value <= 1.5 ? 'met' : 'missed'}`)
  }
}

await main()
