/**
 * A small load balancer for the cluster tests: a loopback HTTP server that hands each request to
 * the next backend in turn, as a round-robin balancer in front of several Broadside servers
 * would. A backend that refuses the connection (killed) is skipped for that request; the client
 * address is appended to `X-Forwarded-For`, so servers started with `TRUST_PROXY=loopback` see
 * the address a test put there.
 */
import http from 'node:http'

export type RoundRobinProxy = {
  /** Backend base URLs, in turn order; a test replaces an entry in place when it restarts that server. */
  backends: string[]
  close: () => Promise<void>
  /** How many requests each backend answered, by URL. */
  served: Map<string, number>
  url: string
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const proxy: Omit<RoundRobinProxy, 'close' | 'url'> = { backends, served: new Map() }
  let turn = 0
  // A new connection per request: reusing a kept-alive socket at the moment the server's
  // keep-alive timeout closes it fails the request (ECONNRESET), which no balancer retries.
  const agent = new http.Agent({ keepAlive: false })

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, triesLeft: number) => {
    const backend = proxy.backends[turn++ % proxy.backends.length]!
    const target = new URL(req.url ?? '/', backend)
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ')
    const upstream = http.request(
      target,
      { agent, headers: { ...req.headers, host: target.host, 'x-forwarded-for': forwardedFor }, method: req.method },
      (answer) => {
        proxy.served.set(backend, (proxy.served.get(backend) ?? 0) + 1)
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Only a refused connection is safe to send elsewhere: the backend never saw the request.
      if (error.code === 'ECONNREFUSED' && triesLeft > 0) return forward(req, res, body, triesLeft - 1)
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`proxy: ${error.message}`)
    })
    upstream.end(body)
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => forward(req, res, Buffer.concat(chunks), proxy.backends.length))
  })
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    ...proxy,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      agent.destroy()
    },
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
  }
}
