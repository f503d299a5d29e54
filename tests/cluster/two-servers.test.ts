// Two production server processes on one fresh PostgreSQL database, behind a round-robin proxy,
// driven together: related lists as one process would build them, webhooks delivered once under
// one id while a server is killed, signing limits and counts held across both, a scheduled
// publish run once, and a change made through one server read at once through the other.
import type { Payload } from 'payload'

import http from 'node:http'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'

import type { RelatedLink } from '../../src/payload-types'

import { api, type Api } from '../helpers/api'
import { paragraph, REQUIRED_KINDS } from '../helpers/articles'
import { login } from '../helpers/http'
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { startTestServer, type TestServer } from '../helpers/testServer'
import { sleep, until } from '../helpers/wait'
import { type RoundRobinProxy, startRoundRobinProxy } from './roundRobinProxy'

const ADMIN = { email: 'cluster-admin@example.com', password: 'cluster admin password' }
/** Limits small enough to reach, with a short job lease so a killed server's jobs come back in seconds. */
const SERVER_ENV = {
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  JOB_LEASE_SECONDS: '3',
  SIGN_RATE_PER_IP: '10',
  TRUST_PROXY: 'loopback',
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
}

let database: TestDatabase
const servers: TestServer[] = []
let proxy: RoundRobinProxy
let local: TestPayload
let payload: Payload
/** The admin, through the proxy: each request goes to the next server. */
let admin: Api

const startServer = () => startTestServer({ env: { ...SERVER_ENV, DATABASE_URI: database.uri } })

beforeAll(async () => {
  // The test's own Local API saves webhook endpoints on the loopback receiver.
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
  database = await createTestDatabase('postgres')
  // One after the other: the first applies the migrations.
  servers.push(await startServer())
  servers.push(await startServer())
  proxy = await startRoundRobinProxy(servers.map((server) => server.url))
  local = await startTestPayload({ database })
  payload = local.payload
  admin = api(proxy.url, await login(proxy.url, ADMIN.email, ADMIN.password))
})
afterAll(async () => {
  await proxy?.close()
  for (const server of servers) {
    if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill('SIGTERM')
    await server.exited
  }
  await local?.close()
  await database?.drop()
})

async function draftWithSections(on: Payload, title: string, body: string) {
  const draft = await on.create({ collection: 'articles', data: { _status: 'draft', body: paragraph(body) as any, summary: body, title }, draft: true })
  for (const [order, kind] of REQUIRED_KINDS.entries()) {
    await on.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`Our ${kind} on ${title}`), kind, order } })
  }
  return draft
}

/** Runs `tasks` with at most `width` at once. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++
        results[index] = await tasks[index]!()
      }
    }),
  )
  return results
}

describe('related lists under publishes and edits on both servers', () => {
  // Each topic's articles share most of their words; different topics share none.
  const TOPICS = [
    'river flood levee rain evacuation water dam overflow rescue boats shelter villages monsoon',
    'senate vote bill budget lawmakers filibuster amendment committee hearing majority senators',
    'vaccine hospital doctors clinic dose immunization nurses outbreak measles patients health',
    'mining coal miners shaft tunnel collapse ore excavation quarry minerals seam pit',
    'orchestra symphony violin concert conductor cello opera choir composer rehearsal',
  ]
  const ARTICLES = 100
  const EDITS = 100
  /** What article n says in version v: rotated topic words, so each has its own emphasis. */
  const text = (n: number, version: number) => {
    const words = TOPICS[n % TOPICS.length]!.split(' ')
    const shift = (n * 7 + version * 3) % words.length
    const rotated = [...words.slice(shift), ...words.slice(0, shift)]
    return `${rotated.join(' ')} ${rotated.slice(0, 2 + ((n + version) % 5)).join(' ')}`
  }
  // Numbers under four digits are not terms: they tell titles apart without relating them.
  const title = (n: number, version: number) => `${text(n, version).split(' ').slice(0, 3).join(' ')} ${n} ${version}`
  /** Fixed publication times, so the recency part of a score is the same in the replay. */
  const publishedAt = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString()
  const content = (n: number, version: number) => ({ body: paragraph(text(n, version)), summary: text(n, version), title: title(n, version) })

  it('200 publishes and edits spread over both servers leave the lists a single process builds from the same history', async () => {
    // The order the index changes were serialised in, recorded by the database itself: the row
    // is written inside the publish's transaction while it holds the index lock, so the log's
    // sequence follows the commit order, and a rolled-back publish leaves no row.
    const client = new pg.Client({ connectionString: database.uri })
    // Dropping the database at the end ends this connection too.
    client.on('error', () => {})
    await client.connect()
    onTestFinished(() => client.end().catch(() => undefined))
    await client.query(`
      create table cluster_index_log (seq bigserial primary key, article integer not null, title text not null);
      create function cluster_log_index() returns trigger language plpgsql as $$
      begin
        insert into cluster_index_log (article, title) select new.article_id, a.title from articles a where a.id = new.article_id;
        return new;
      end $$;
      create trigger cluster_log_index after insert on related_vectors for each row execute function cluster_log_index();`)

    // The replay's database (below) gets the same drafts meanwhile, created in the same order so
    // that ids compare alike where two scores tie.
    const replay = await startTestPayload({ database: await createTestDatabase('postgres') })
    onTestFinished(async () => {
      await replay.close()
      await replay.database.drop()
    })
    const ids: (number | string)[] = []
    const replayIds = new Map<string, number | string>()
    await Promise.all([
      (async () => {
        for (let n = 0; n < ARTICLES; n++) ids.push((await draftWithSections(payload, title(n, 0), text(n, 0))).id)
      })(),
      (async () => {
        for (let n = 0; n < ARTICLES; n++) replayIds.set(String(n), (await draftWithSections(replay.payload, title(n, 0), text(n, 0))).id)
      })(),
    ])

    const publish = (n: number) => async () => admin.rest('PATCH', `/articles/${ids[n]}`, { _status: 'published', publishedAt: publishedAt(n), ...content(n, 0) })
    const edit = (n: number, version: number) => async () => admin.rest('PATCH', `/articles/${ids[n]}`, content(n, version))
    // Publishes first (an edit needs a live article), then edits, each wave concurrent.
    const published = await inParallel(Array.from({ length: ARTICLES }, (_, n) => publish(n)), 8)
    expect(published.filter((answer) => answer.status !== 200).map((answer) => [answer.status, answer.body])).toEqual([])
    const edits = await inParallel(Array.from({ length: EDITS }, (_, k) => edit((k * 37) % ARTICLES, 1 + Math.floor(k / ARTICLES) + (k % 2))), 8)
    expect(edits.filter((answer) => answer.status !== 200).map((answer) => [answer.status, answer.body])).toEqual([])
    expect([...proxy.served.values()].every((count) => count >= 90)).toBe(true)

    const { rows: history } = await client.query<{ article: number; title: string }>('select article, title from cluster_index_log order by seq')
    expect(history.length).toBeGreaterThanOrEqual(ARTICLES)

    // The same history, one change at a time, through one process on a fresh database.
    const byTitle = new Map<string, { n: number; version: number }>()
    for (let n = 0; n < ARTICLES; n++) for (let version = 0; version < 4; version++) byTitle.set(title(n, version), { n, version })
    for (const change of history) {
      const { n, version } = byTitle.get(change.title)!
      await replay.payload.update({
        collection: 'articles',
        data: { _status: 'published', publishedAt: publishedAt(n), ...content(n, version) },
        id: replayIds.get(String(n))!,
      })
    }

    const lists = async (on: Payload, toKey: (id: unknown) => string) => {
      const { docs } = await on.find({ collection: 'related-links', depth: 0, limit: 0, pagination: false, sort: 'position' })
      const byOwner = new Map<string, string[]>()
      for (const link of docs as RelatedLink[]) {
        const owner = toKey(link.from)
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), `${link.position}:${toKey(link.to)}:${link.origin}`])
      }
      return { byOwner, docs: docs as RelatedLink[] }
    }
    const clusterIndex = new Map(ids.map((id, n) => [String(id), String(n)]))
    const replayIndex = new Map([...replayIds].map(([n, id]) => [String(id), n]))
    const cluster = await lists(payload, (id) => clusterIndex.get(String(id)) ?? `?${String(id)}`)
    const single = await lists(replay.payload, (id) => replayIndex.get(String(id)) ?? `?${String(id)}`)

    // No duplicate (from, to), and each list's positions run 1, 2, 3… without a gap.
    const pairs = cluster.docs.map((link) => `${String(link.from)}→${String(link.to)}`)
    expect(pairs.length - new Set(pairs).size, 'duplicate (from, to) links').toBe(0)
    for (const [owner, list] of cluster.byOwner) {
      expect(list.map((entry) => Number(entry.split(':')[0])), `positions of ${owner}`).toEqual(list.map((_, index) => index + 1))
    }
    expect(cluster.byOwner.size).toBeGreaterThan(ARTICLES / 2)
    expect(Object.fromEntries(cluster.byOwner)).toEqual(Object.fromEntries(single.byOwner))
  })
})

describe('webhooks while one server is killed and restarted', () => {
  type Received = { id: string; items: { id: number | string; type: string }[] }
  const received: Received[] = []
  let receiver: http.Server

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), items: JSON.parse(body).data.items })
        // A slow receiver, so deliveries are in flight when a server is killed.
        setTimeout(() => res.end('ok'), 300)
      })
    })
    receiver.listen(0, '127.0.0.1')
    await new Promise((resolve) => receiver.once('listening', resolve))
  })
  afterAll(async () => {
    receiver?.closeAllConnections()
    receiver?.close()
  })

  it('each publish reaches the receiver; each webhook-id succeeds once; nothing goes out under two ids', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
    const endpoint = await payload.create({ collection: 'webhooks', data: { events: ['article.published'], name: 'Cluster receiver', url } })
    const drafts = []
    for (let n = 0; n < 30; n++) drafts.push(await draftWithSections(payload, `Webhook story ${n}`, `harbour ferry timetable dispute number ${n}`))

    const answers: Promise<{ status: number }>[] = []
    for (const [n, draft] of drafts.entries()) {
      if (n === 12) {
        // kill -9 the second server mid-run, with deliveries under way (its requests answered:
        // a request in flight to a killed server is lost to its client, as behind any balancer).
        await Promise.all(answers)
        await until(() => received.length > 0, 20_000)
        servers[1]!.process.kill('SIGKILL')
        await servers[1]!.exited
        servers[1] = await startServer()
        proxy.backends[1] = servers[1].url
      }
      answers.push(admin.rest('PATCH', `/articles/${draft.id}`, { _status: 'published' }))
      if (n % 3 === 2) await sleep(200)
    }
    expect((await Promise.all(answers)).map((answer) => answer.status)).toEqual(drafts.map(() => 200))

    const deliveries = async () =>
      (await payload.find({ collection: 'webhook-deliveries', depth: 0, pagination: false, where: { webhook: { equals: endpoint.id } } })).docs
    const publishedIds = drafts.map((draft) => String(draft.id)).sort()
    const deliveredIds = () => [...new Set(received.flatMap((entry) => entry.items.map((item) => String(item.id))))].sort()
    await until(async () => (await deliveries()).every((delivery) => delivery.status === 'succeeded') && deliveredIds().length === publishedIds.length, 90_000)
    expect(deliveredIds()).toEqual(publishedIds)

    // Every change under exactly one webhook-id.
    const idsOf = new Map<string, Set<string>>()
    for (const entry of received) for (const item of entry.items) idsOf.set(String(item.id), (idsOf.get(String(item.id)) ?? new Set()).add(entry.id))
    expect([...idsOf].filter(([, messageIds]) => messageIds.size !== 1)).toEqual([])
    // Each delivery succeeded once: one 2xx attempt logged, and its webhook-id is its own.
    const stored = await deliveries()
    expect(new Set(stored.map((delivery) => delivery.messageId)).size).toBe(stored.length)
    for (const delivery of stored) {
      const successes = ((delivery.attempts as { statusCode?: number }[] | null) ?? []).filter((attempt) => (attempt.statusCode ?? 0) >= 200 && (attempt.statusCode ?? 0) < 300)
      expect(successes, `attempts of ${delivery.messageId}`).toHaveLength(1)
    }
    expect(new Set(received.map((entry) => entry.id))).toEqual(new Set(stored.map((delivery) => delivery.messageId)))
    // A webhook-id may arrive twice only when the server sending it died after the receiver answered.
    const repeats = received.length - new Set(received.map((entry) => entry.id)).size
    expect(repeats).toBeLessThanOrEqual(1)
  })
})

describe('signing on both servers', () => {
  const sign = (petition: number | string, email: string, from: string) =>
    fetch(`${proxy.url}/api/petitions/${petition}/sign`, {
      body: JSON.stringify({ email, name: `Signer ${email}` }),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      method: 'POST',
    })
  const tally = async (id: number | string) => {
    const stored = await payload.findByID({ collection: 'petitions', depth: 0, id })
    const { totalDocs } = await payload.count({ collection: 'signatures', where: { petition: { equals: id } } })
    return { counter: stored.signatureCount, rows: totalDocs }
  }
  let serial = 0
  const petition = () => payload.create({ collection: 'petitions', data: { _status: 'published', title: `Cluster petition ${++serial}` } as any })

  it('the per-address limit holds across both: 10 of 30 from one address accepted', async () => {
    const { id } = await petition()
    const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => sign(id, `address${n}@example.org`, '198.51.100.7')))
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(10)
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(20)
    expect(await tally(id)).toEqual({ counter: 10, rows: 10 })
  })

  it('one email signing 12 petitions through both: all 12 accepted and counted, at most 3 confirmation emails sent to it', async () => {
    const petitions = await Promise.all(Array.from({ length: 12 }, () => petition()))
    const answers = await Promise.all(petitions.map(({ id }, n) => sign(id, 'one.person@example.org', `198.51.100.${20 + n}`)))
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(202))
    for (const { id } of petitions) expect(await tally(id)).toEqual({ counter: 1, rows: 1 })
    const mine = () => payload.find({ collection: 'signatures', pagination: false, where: { email: { equals: 'one.person@example.org' } } })
    // Each server's sender claims rows as they come; every row ends sent or held.
    await until(async () => (await mine()).docs.every((doc) => doc.confirmationSentAt || doc.confirmationHeldAt), 30_000)
    const docs = (await mine()).docs
    expect(docs).toHaveLength(12)
    expect(docs.filter((doc) => doc.confirmationSentAt)).toHaveLength(3)
    expect(docs.filter((doc) => doc.confirmationHeldAt)).toHaveLength(9)
  })

  it('500 concurrent signers split over both: 500 answers of 202, counter and rows exactly 500', async () => {
    const { id } = await petition()
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, n) => sign(id, `crowd${n}@example.org`, `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`)),
    )
    expect(answers.filter((answer) => answer.status !== 202).map((answer) => answer.status)).toEqual([])
    await until(async () => (await tally(id)).counter === 500, 10_000).catch(() => undefined)
    expect(await tally(id)).toEqual({ counter: 500, rows: 500 })
  })
})

describe('scheduled publishing with both servers running the job runner', () => {
  it('a job due while both run is run once', async () => {
    const drafts = []
    for (let n = 0; n < 10; n++) drafts.push(await draftWithSections(payload, `Scheduled story ${n}`, `lighthouse keeper storm coast number ${n}`))
    const due = new Date(Date.now() + 3000)
    const jobs: { id: number | string }[] = []
    for (const draft of drafts) {
      jobs.push(
        await payload.jobs.queue({ input: { doc: { relationTo: 'articles', value: draft.id }, type: 'publish' }, task: 'schedulePublish', waitUntil: due }),
      )
    }
    const stored = () => payload.find({ collection: 'payload-jobs', depth: 0, pagination: false, where: { id: { in: jobs.map((job) => job.id) } } })
    await until(async () => (await stored()).docs.every((job) => job.completedAt), 30_000)
    for (const job of (await stored()).docs) {
      expect(job.hasError, `job ${job.id}`).toBeFalsy()
      // Payload counts the successful run as a try.
      expect(job.totalTried, `job ${job.id} tries`).toBe(1)
      expect((job.log ?? []).filter((entry) => entry.state === 'succeeded'), `job ${job.id} runs`).toHaveLength(1)
    }
    for (const draft of drafts) {
      const { totalDocs } = await payload.count({ collection: 'articles', where: { id: { equals: draft.id }, _status: { equals: 'published' } } })
      expect(totalDocs).toBe(1)
      // One publish, one published version.
      const versions = await payload.findVersions({ collection: 'articles', depth: 0, pagination: false, where: { parent: { equals: draft.id }, 'version._status': { equals: 'published' } } })
      expect(versions.docs, `published versions of ${draft.id}`).toHaveLength(1)
    }
  })
})

describe('reads through the other server', () => {
  it('a change made through one server is visible in the very next anonymous read through the other', async () => {
    const [first, second] = servers.map((server) => server.url)
    const firstAdmin = api(first!, admin.token)
    const draft = await draftWithSections(payload, 'Read across servers', 'tramway depot strike commuters')
    const path = `/api/articles?where[id][equals]=${draft.id}&depth=0`
    const anonymousRead = async () => (await (await fetch(`${second}${path}`)).json()) as { docs: { title: string }[] }
    // Warm the second server's cache, then change through the first.
    await anonymousRead()
    await anonymousRead()
    for (let round = 1; round <= 5; round++) {
      const status = round === 1 ? { _status: 'published' } : {}
      expect((await firstAdmin.rest('PATCH', `/articles/${draft.id}`, { ...status, title: `Read across servers ${round}` })).status).toBe(200)
      expect((await anonymousRead()).docs.map((doc) => doc.title)).toEqual([`Read across servers ${round}`])
      await anonymousRead()
    }
  })
})
