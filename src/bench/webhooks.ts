/**
 * `npm run bench:webhooks`: what webhooks cost a publish and how soon they arrive. On a scratch
 * database, N publishes (the normal path: draft, three sections, publish) with an event-mode
 * endpoint pointing at a receiver on loopback, interleaved with N publishes by a second Payload
 * on the same database whose webhooks plugin is disabled — the baseline of the same run. The
 * deliveries' runner is the server's (collections/webhooks/deliveryRunner.ts, each second), in
 * the same process. Reports publish latency p50/p95 both
 * ways, their ratio, and delivery lag (receipt minus end of publish) p50/p95.
 *
 * Options: --publishes=1000 --engines=sqlite,postgres
 */
import type { Payload } from 'payload'

import http from 'node:http'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { getPayload } from 'payload'

import { broadsideConfig, broadsidePlugins } from '../../payload.config'
import { closeDatabase } from '../database/closeDatabase'
import { databaseAdapter } from '../database/index'
import { createScratchDatabase, type DatabaseEngine } from '../database/scratchDatabase'
import { lexicalParagraph } from '../utilities/lexicalParagraph'

const { values: args } = parseArgs({ options: { engines: { default: 'sqlite,postgres', type: 'string' }, publishes: { default: '1000', type: 'string' } } })
const PUBLISHES = Number(args.publishes)

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

async function publish(payload: Payload, n: number, variant: string): Promise<{ id: number | string; ms: number; publishedAt: number }> {
  const draft = await payload.create({ collection: 'articles', data: { _status: 'draft', title: `Benchmark story ${variant} ${n}` }, draft: true })
  for (const kind of ['opinion', 'action', 'todo'] as const) {
    await payload.create({ collection: 'sections', data: { article: draft.id, body: lexicalParagraph(`Our ${kind}.`) as never, kind } })
  }
  const start = performance.now()
  await payload.update({ collection: 'articles', data: { _status: 'published' }, id: draft.id })
  return { id: draft.id, ms: performance.now() - start, publishedAt: Date.now() }
}

async function measure(engine: DatabaseEngine) {
  // A delivery over 20 kB lists only some items and says `truncated` (the site rebuilds all):
  // it counts as news of every change made before it was sent.
  const deliveries: { at: number; ids: Set<string>; truncated: boolean }[] = []
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const data = JSON.parse(body || '{}').data ?? {}
      deliveries.push({ at: Date.now(), ids: new Set((data.items ?? []).map((item: { id: number | string }) => String(item.id))), truncated: Boolean(data.truncated) })
      res.writeHead(204).end()
    })
  })
  const lagOf = (published: { id: number | string; publishedAt: number }) => {
    const news = deliveries.find((delivery) => delivery.at >= published.publishedAt && (delivery.truncated || delivery.ids.has(String(published.id))))
    return news ? news.at - published.publishedAt : undefined
  }
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
  const database = await createScratchDatabase(engine)
  const withHooks = await getPayload({ config: broadsideConfig({ db: await databaseAdapter({ uri: database.uri }) }), cron: true, key: `${database.uri}#on` })
  const withoutHooks = await getPayload({
    config: broadsideConfig({ db: await databaseAdapter({ uri: database.uri }), plugins: broadsidePlugins({ webhooks: { disabled: true } }) }),
    key: `${database.uri}#off`,
  })
  try {
    await withHooks.create({
      collection: 'webhooks',
      data: { events: ['article.published'], name: 'Receiver', url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/` },
    })
    const on: Awaited<ReturnType<typeof publish>>[] = []
    const off: number[] = []
    for (let n = 0; n < PUBLISHES; n++) {
      // In a server each publish is its own request, and the job runner's timer runs between
      // requests. SQLite's driver is synchronous, so a bare loop of awaits would only ever run
      // microtasks and starve every timer (the runner included) until it ends.
      await new Promise((resolve) => setImmediate(resolve))
      // Alternate which goes first, so drift on a shared machine hits both alike.
      if (n % 2 === 0) {
        on.push(await publish(withHooks, n, 'on'))
        off.push((await publish(withoutHooks, n, 'off')).ms)
      } else {
        off.push((await publish(withoutHooks, n, 'off')).ms)
        on.push(await publish(withHooks, n, 'on'))
      }
    }
    const deadline = Date.now() + 60_000
    while (on.some((p) => lagOf(p) === undefined) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
    const lags = on.map(lagOf).filter((lag): lag is number => lag !== undefined)
    const latency = on.map((p) => p.ms)
    console.log(
      `${engine.padEnd(8)} publish with webhooks p50 ${percentile(latency, 50).toFixed(1)} ms, p95 ${percentile(latency, 95).toFixed(1)} ms | without p50 ${percentile(off, 50).toFixed(1)} ms, p95 ${percentile(off, 95).toFixed(1)} ms | ratio p50 ${(percentile(latency, 50) / percentile(off, 50)).toFixed(2)}, p95 ${(percentile(latency, 95) / percentile(off, 95)).toFixed(2)} | delivery lag p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms (${lags.length}/${on.length} delivered, in ${deliveries.length} requests, ${deliveries.filter((d) => d.truncated).length} truncated)`,
    )
  } finally {
    await closeDatabase(withoutHooks)
    await closeDatabase(withHooks)
    await database.drop()
    receiver.close()
  }
}

console.log(`bench:webhooks — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; ${PUBLISHES} publishes per variant, interleaved\n`)
for (const engine of args.engines.split(',') as DatabaseEngine[]) await measure(engine)
process.exit(0)
