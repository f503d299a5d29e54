/**
 * `npm run bench:sign`: signatures per second through the public endpoint with 20 concurrent
 * clients, on SQLite and PostgreSQL, against the production server on a scratch database;
 * beside it, in the same run, public reads of the same petition as a baseline. The count is
 * checked exact afterwards.
 *
 * Options: --engines=sqlite,postgres --signatures=1000 --clients=20
 */
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import { parseArgs } from 'node:util'

import { startTestServer } from '../../tests/helpers/testServer'

const { values: args } = parseArgs({
  options: {
    clients: { default: '20', type: 'string' },
    engines: { default: 'sqlite,postgres', type: 'string' },
    signatures: { default: '1000', type: 'string' },
  },
})
const CLIENTS = Number(args.clients)
const TOTAL = Number(args.signatures)
const ADMIN = { email: 'bench-admin@example.org', password: 'bench admin password long' }

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } })
  return { body: await response.json(), status: response.status }
}

/** Runs `total` calls of `call(n)` over `clients` concurrent loops; returns calls per second. */
async function throughput(total: number, clients: number, call: (n: number) => Promise<void>): Promise<number> {
  let next = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await call(next++)
    }),
  )
  return total / ((performance.now() - start) / 1000)
}

async function measure(engine: string) {
  process.env.TEST_DATABASE = engine
  // A server database in production needs a secret of its own.
  const server = await startTestServer({
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PAYLOAD_SECRET: randomBytes(32).toString('hex'),
      // Every benchmark signer comes from one address: lift the flood limits.
      SIGN_RATE_PER_EMAIL: '1000000',
      SIGN_RATE_PER_IP: '1000000',
    },
  })
  try {
    const api = `${server.url}/api`
    const { body: login } = await json(`${api}/users/login`, { body: JSON.stringify(ADMIN), method: 'POST' })
    const auth = { Authorization: `JWT ${login.token}` }
    const { body: created } = await json(`${api}/petitions`, {
      body: JSON.stringify({ _status: 'published', goal: TOTAL, title: 'Benchmark petition' }),
      headers: auth,
      method: 'POST',
    })
    const id = created.doc.id
    const fail = (what: string, status: number) => {
      throw new Error(`${what} answered ${status}`)
    }
    const reads = await throughput(TOTAL, CLIENTS, async () => {
      const { status } = await json(`${api}/petitions/${id}`)
      if (status !== 200) fail('read', status)
    })
    const signs = await throughput(TOTAL, CLIENTS, async (n) => {
      const { status } = await json(`${api}/petitions/${id}/sign`, {
        body: JSON.stringify({ email: `bench-${n}@example.org`, name: `Signer ${n}` }),
        method: 'POST',
      })
      if (status !== 202) fail('sign', status)
    })
    // The same signer ten times at once adds one.
    await throughput(10, 10, async () => {
      await json(`${api}/petitions/${id}/sign`, { body: JSON.stringify({ email: 'repeat@example.org', name: 'Repeat' }), method: 'POST' })
    })
    const { body: after } = await json(`${api}/petitions/${id}`)
    const exact = after.signatureCount === TOTAL + 1
    console.log(
      `${engine.padEnd(8)} signatures ${signs.toFixed(0)}/s | reads (baseline) ${reads.toFixed(0)}/s | ratio ${(signs / reads).toFixed(2)} | count ${after.signatureCount} (expected ${TOTAL + 1}: ${exact ? 'exact' : 'WRONG'})`,
    )
    if (!exact) process.exitCode = 1
  } finally {
    await server.stop()
  }
}

console.log(`bench:sign — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}`)
console.log(`${TOTAL} signatures and ${TOTAL} reads per engine, ${CLIENTS} concurrent clients, production server on loopback.\n`)
for (const engine of args.engines.split(',')) await measure(engine)
