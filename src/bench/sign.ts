/**
 * `npm run bench:sign`: a signing flood against the production server on a scratch database, on
 * SQLite and PostgreSQL: autocannon keeps `--connections` clients (default 200) signing one
 * petition for `--duration` seconds, every request a new email; meanwhile a separate process
 * asks `/healthz` every 20 ms. Prints sustained signatures/s, p50/p99 of the sign answer, the
 * `/healthz` p99 during the flood, and checks the count exact (stored counter == rows == 202
 * answers), beside the targets and the machine (cores, load). The flood limits are lifted for
 * the run (SIGN_RATE_PER_IP); everything stays on loopback. "Exact" means
 * the counter equals the rows, and every 202 has its row (requests still in flight when the
 * clients stop may be stored without their answer being counted).
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
function probeHealth(url: string): { stop: () => Promise<{ errors: number; times: number[] }> } {
  const script = `
    const http = require('node:http'); const times = []; let stopping = false
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    let asked
    const ask = () => { if (stopping) return; asked = performance.now()
      http.get(${JSON.stringify(`${url}/healthz`)}, { agent }, (res) => { res.resume(); res.on('end', () => { times.push(performance.now() - asked); asked = undefined; setTimeout(ask, 20) }) })
        .on('error', () => { asked = undefined; errors++; setTimeout(ask, 20) }) }
    let errors = 0
    ask()
    // A probe still unanswered when the flood ends counts with the time it has waited so far.
    process.on('SIGTERM', () => { stopping = true; if (asked !== undefined) times.push(performance.now() - asked)
      process.stdout.write(JSON.stringify({ errors, times })); process.exit(0) })`
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      await exited
      return JSON.parse(output || '{"errors":0,"times":[]}') as { errors: number; times: number[] }
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
      // Every benchmark signer comes from one address: lift the flood limit.
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
      timeout: 30,
      requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify({ email: `bench-${serial++}@example.org`, name: `Signer ${serial}` }) }) }],
      url: `${api}/petitions/${id}/sign`,
    })
    const { errors: healthErrors, times: healthTimes } = await health.stop()
    const during = machine()
    // Signatures the server took before the clients stopped may still be in their batch: wait
    // until the stored count holds still before checking it.
    const stored = async () => {
      const { body: petition } = await json(`${api}/petitions/${id}?depth=0`, { headers: auth })
      const { body: rows } = await json(`${api}/signatures?where[petition][equals]=${id}&limit=1&depth=0`, { headers: auth })
      return { counter: petition.signatureCount as number, rows: rows.totalDocs as number }
    }
    let settled = await stored()
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const again = await stored()
      if (again.counter === settled.counter && again.rows === settled.rows) break
      settled = again
    }

    const accepted = Number(result.statusCodeStats['202']?.count ?? 0)
    // Requests cut off when the run ends (or timed out) may still have been signed: a row with
    // no 202 is possible, a 202 with no row is not.
    const unanswered = result.errors + result.timeouts
    const exact = settled.counter === settled.rows && settled.rows >= accepted && settled.rows <= accepted + unanswered + CONNECTIONS
    const perSecond = accepted / result.duration
    const healthP99 = percentile(healthTimes, 99)
    const others = Object.entries(result.statusCodeStats).filter(([status]) => status !== '202')
    console.log(`${engine}`)
    console.log(`  load before ${before}; after ${during}`)
    console.log(`  signatures/s (202s / ${result.duration.toFixed(1)} s)  ${perSecond.toFixed(0).padStart(6)}   target ≥ ${TARGETS.perSecond}: ${verdict(perSecond >= TARGETS.perSecond)}`)
    console.log(`  sign answer p50 / p99       ${result.latency.p50} / ${result.latency.p99} ms   target p99 < ${TARGETS.signP99Ms} ms: ${verdict(result.latency.p99 < TARGETS.signP99Ms)}`)
    console.log(`  /healthz p99 during flood   ${healthP99.toFixed(1)} ms (${healthTimes.length} probes, max ${Math.max(...healthTimes).toFixed(1)} ms, ${healthErrors} failed)   target < ${TARGETS.healthzP99Ms} ms: ${verdict(healthP99 < TARGETS.healthzP99Ms)}`)
    console.log(
      `  count: counter ${settled.counter}, rows ${settled.rows}, 202 answers ${accepted}${others.length ? `, other answers ${JSON.stringify(Object.fromEntries(others))}` : ''}, errors ${result.errors}, timeouts ${result.timeouts} (rows beyond the 202s: ${settled.rows - accepted}, in flight when the clients stopped): ${exact ? 'exact' : 'WRONG'}`,
    )
    if (!exact) process.exitCode = 1
  } finally {
    await server.stop()
  }
}

console.log(`bench:sign — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${machine()}, Node ${process.version}`)
console.log(`${CONNECTIONS} concurrent clients for ${DURATION} s per engine, a new email per request, production server on loopback.\n`)
for (const engine of args.engines.split(',')) await measure(engine)
