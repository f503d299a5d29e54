/**
 * `npm run bench:sign`: a signing flood against the production server on a scratch database, on
 * SQLite and PostgreSQL: autocannon keeps `--connections` clients (default 200) signing one
 * petition for `--duration` seconds, every request a new email; meanwhile a separate process
 * asks `/healthz` every 20 ms. Prints sustained signatures/s, p50/p99 of the sign answer, the
 * `/healthz` p99 during the flood, and checks the count exact (stored counter == rows == 202
 * answers), beside the targets and the machine (cores, load). The flood limits are lifted for
 * the run (SIGN_RATE_PER_IP, SIGN_RATE_PER_EMAIL); everything stays on loopback.
 *
 * Options: --engines=sqlite,postgres --duration=10 --connections=200
 */
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { parseArgs } from 'node:util'

import { startTestServer } from '../../tests/helpers/testServer'

const { values: args } = parseArgs({
  options: {
    connections: { default: '200', type: 'string' },
    duration: { default: '10', type: 'string' },
    engines: { default: 'sqlite,postgres', type: 'string' },
  },
})
const CONNECTIONS = Number(args.connections)
const DURATION = Number(args.duration)
const ADMIN = { email: 'bench-admin@example.org', password: 'bench admin password long' }
const TARGETS = { healthzP99Ms: 50, perSecond: 1000, signP99Ms: 250 }

const machine = () => `${os.cpus().length} cores, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } })
  return { body: await response.json(), status: response.status }
}

/**
 * Asks /healthz every 20 ms from a process of its own (so the flood's client does not delay the
 * probe's timers) until stopped; resolves with the answer times in ms.
 */
function probeHealth(url: string): { stop: () => Promise<number[]> } {
  const script = `
    const http = require('node:http'); const times = []; let stopping = false
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const ask = () => { if (stopping) return; const start = performance.now()
      http.get(${JSON.stringify(`${url}/healthz`)}, { agent }, (res) => { res.resume(); res.on('end', () => { times.push(performance.now() - start); setTimeout(ask, 20) }) })
        .on('error', () => setTimeout(ask, 20)) }
    ask(); process.on('SIGTERM', () => { stopping = true; process.stdout.write(JSON.stringify(times)); process.exit(0) })`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      await exited
      return JSON.parse(output || '[]') as number[]
    },
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')

async function measure(engine: string) {
  process.env.TEST_DATABASE = engine
  const server = await startTestServer({
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // A server database in production needs a secret of its own.
      PAYLOAD_SECRET: randomBytes(32).toString('hex'),
      // Every benchmark signer comes from one address: lift the flood limits.
      SIGN_RATE_PER_EMAIL: '100000000',
      SIGN_RATE_PER_IP: '100000000',
    },
  })
  try {
    const api = `${server.url}/api`
    const { body: login } = await json(`${api}/users/login`, { body: JSON.stringify(ADMIN), method: 'POST' })
    const auth = { Authorization: `JWT ${login.token}` }
    const { body: created } = await json(`${api}/petitions`, { body: JSON.stringify({ _status: 'published', title: 'Benchmark petition' }), headers: auth, method: 'POST' })
    const id = created.doc.id
    // A short warm-up (JIT, connections, the petition's state) on another petition.
    const { body: warm } = await json(`${api}/petitions`, { body: JSON.stringify({ _status: 'published', title: 'Warm-up' }), headers: auth, method: 'POST' })
    await autocannon({ body: JSON.stringify({ email: 'warm@example.org', name: 'Warm' }), connections: 20, duration: 2, headers: { 'content-type': 'application/json' }, method: 'POST', url: `${api}/petitions/${warm.doc.id}/sign` })

    const before = machine()
    let serial = 0
    const health = probeHealth(server.url)
    const result = await autocannon({
      connections: CONNECTIONS,
      duration: DURATION,
      headers: { 'content-type': 'application/json' },
      method: 'POST',
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ email: `bench-${serial++}@example.org`, name: `Signer ${serial}` }) }) }],
      url: `${api}/petitions/${id}/sign`,
    })
    const healthTimes = await health.stop()
    const during = machine()

    const accepted = result.statusCodeStats['202']?.count ?? 0
    const { body: petition } = await json(`${api}/petitions/${id}?depth=0`, { headers: auth })
    const { body: rows } = await json(`${api}/signatures?where[petition][equals]=${id}&limit=1&depth=0`, { headers: auth })
    const exact = petition.signatureCount === rows.totalDocs && rows.totalDocs === Number(accepted)
    const perSecond = Number(accepted) / result.duration
    const healthP99 = percentile(healthTimes, 99)
    const others = Object.entries(result.statusCodeStats).filter(([status]) => status !== '202')
    console.log(`${engine}`)
    console.log(`  load before ${before}; after ${during}`)
    console.log(`  signatures/s (202s / ${result.duration.toFixed(1)} s)  ${perSecond.toFixed(0).padStart(6)}   target ≥ ${TARGETS.perSecond}: ${verdict(perSecond >= TARGETS.perSecond)}`)
    console.log(`  sign answer p50 / p99       ${result.latency.p50} / ${result.latency.p99} ms   target p99 < ${TARGETS.signP99Ms} ms: ${verdict(result.latency.p99 < TARGETS.signP99Ms)}`)
    console.log(`  /healthz p99 during flood   ${healthP99.toFixed(1)} ms (${healthTimes.length} probes, max ${Math.max(...healthTimes).toFixed(1)} ms)   target < ${TARGETS.healthzP99Ms} ms: ${verdict(healthP99 < TARGETS.healthzP99Ms)}`)
    console.log(
      `  count: counter ${petition.signatureCount}, rows ${rows.totalDocs}, 202 answers ${accepted}${others.length ? `, other answers ${JSON.stringify(Object.fromEntries(others))}` : ''}, errors ${result.errors}, timeouts ${result.timeouts}: ${exact ? 'exact' : 'WRONG'}`,
    )
    if (!exact) process.exitCode = 1
  } finally {
    await server.stop()
  }
}

console.log(`bench:sign — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${machine()}, Node ${process.version}`)
console.log(`${CONNECTIONS} concurrent clients for ${DURATION} s per engine, a new email per request, production server on loopback.\n`)
for (const engine of args.engines.split(',')) await measure(engine)
