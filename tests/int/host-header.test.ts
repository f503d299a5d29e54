// The Host header is the client's to write. The host's own API route (src/host/serveApi.ts)
// builds the Web Request's URL from it, so a Host holding `?` or `#` moved the query Payload
// read away from the one the read cache keyed the answer under (an empty list cached for
// everyone's `?limit=2`), and one holding `@` or a space made the URL unparsable (500).
// Next, which answered /api before, ignored such a Host. Written by the attack review; it fails
// until serveApi stops trusting the Host header for the URL.
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startTestServer, type TestServer } from '../helpers/testServer'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  expect(await server?.stop()).toBe(0)
})

/** A GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(path: string, host: string): Promise<{ body: string; status: number; xCache?: string }> {
  const { hostname, port } = new URL(server.url)
  return new Promise((resolve, reject) => {
    const request = http.request({ headers: { host }, hostname, method: 'GET', path, port }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ body, status: response.statusCode ?? 0, xCache: response.headers['x-cache'] as string | undefined }))
    })
    request.on('error', reject)
    request.end()
  })
}

describe('a Host header the client wrote', () => {
  it('does not change the query Payload answers, nor what the read cache then serves to others', async () => {
    const path = '/api/articles?limit=2&host-test=1'
    const poisoned = await getWithHost(path, 'x?where[title][equals]=nothing-has-this-title&')
    expect(poisoned.status).toBe(200)
    const visitor = await fetch(`${server.url}${path}`)
    const answer = (await visitor.json()) as { docs: unknown[]; limit: number }
    expect(answer.limit).toBe(2)
    expect(JSON.parse(poisoned.body)).toEqual(answer)
  })

  it('never gets a 500, whatever characters it holds', async () => {
    for (const host of ['a@b', 'user:pass@evil', 'a b', '[::1', 'x:99999', '%zz']) {
      const answer = await getWithHost(`/api/articles?limit=1&host=${encodeURIComponent(host)}`, host)
      expect({ host, status: answer.status }).toEqual({ host, status: 200 })
    }
  })
})
