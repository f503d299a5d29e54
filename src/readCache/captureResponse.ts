/**
 * Holds back an answer Next writes to a node response until it is complete, so the read cache
 * can store it and give it an ETag before a byte is sent. Answers that are not worth holding
 * (anything but a 200 JSON answer without cookies) go out as Next streams them, untouched.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

export type CapturedAnswer = { body: Buffer; headers: OutgoingHttpHeaders }

/**
 * `finish` gets the whole answer while the response is still unsent; it sets any headers it
 * wants and says whether to send the body (false: a 304). `passedThrough` runs when the answer
 * goes out uncaptured.
 */
export function captureResponse(res: ServerResponse, finish: (answer: CapturedAnswer) => { sendBody: boolean }, passedThrough: () => void): void {
  const original = { end: res.end, flushHeaders: res.flushHeaders, write: res.write, writeHead: res.writeHead }
  const chunks: Buffer[] = []
  let mode: 'capture' | 'pass' | undefined

  const restore = () => Object.assign(res, original)
  const decide = () => {
    if (mode) return mode
    const contentType = String(res.getHeader('content-type') ?? '')
    const capture = res.statusCode === 200 && /^application\/json\b/i.test(contentType) && !res.hasHeader('set-cookie')
    mode = capture ? 'capture' : 'pass'
    if (mode === 'pass') {
      restore()
      passedThrough()
    }
    return mode
  }
  const toBuffer = (chunk: unknown, encoding?: unknown): Buffer =>
    Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, (typeof encoding === 'string' ? encoding : 'utf8') as BufferEncoding) : Buffer.from(chunk as Uint8Array)

  res.writeHead = function writeHead(this: ServerResponse, status: number, ...rest: unknown[]) {
    res.statusCode = status
    const headers = rest.find((value) => typeof value === 'object' && value !== null)
    if (Array.isArray(headers)) for (let i = 0; i < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string)
    else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value as string)
    if (decide() === 'pass') return original.writeHead.call(res, res.statusCode)
    return res
  } as ServerResponse['writeHead']

  res.flushHeaders = function flushHeaders() {
    if (decide() === 'pass') original.flushHeaders.call(res)
  }

  res.write = function write(chunk: unknown, encoding?: unknown, callback?: unknown) {
    if (decide() === 'pass') return (original.write as (...args: unknown[]) => boolean).call(res, chunk, encoding, callback)
    chunks.push(toBuffer(chunk, encoding))
    const done = typeof encoding === 'function' ? encoding : callback
    if (typeof done === 'function') process.nextTick(done as () => void)
    return true
  } as ServerResponse['write']

  res.end = function end(chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (decide() === 'pass') return (original.end as (...args: unknown[]) => ServerResponse).call(res, chunk, encoding, callback)
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding))
    restore()
    const body = Buffer.concat(chunks)
    res.removeHeader('transfer-encoding')
    const { sendBody } = finish({ body, headers: res.getHeaders() })
    if (!sendBody) {
      res.statusCode = 304
      res.removeHeader('content-length')
      res.removeHeader('content-type')
      return res.end()
    }
    res.setHeader('content-length', body.length)
    return res.end(body)
  } as ServerResponse['end']
}
