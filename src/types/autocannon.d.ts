// autocannon ships no types (@types/autocannon describes 7.x); these cover bench:reads' and bench:sign's use.
declare module 'autocannon' {
  type Histogram = { average: number; max: number; mean: number; min: number; p50: number; p99: number; total: number }
  export type RequestParams = { body?: string; headers?: Record<string, string>; method?: string; path?: string }
  export type Options = {
    body?: string
    connections?: number
    duration?: number
    headers?: Record<string, string>
    method?: string
    /** Each connection runs these in turn; setupRequest may rewrite one before it is sent (e.g. a new body). */
    requests?: { setupRequest?: (request: RequestParams) => RequestParams }[]
    /** Seconds before a request counts as timed out. @default 10 */
    timeout?: number
    url: string
  }
  export type Result = {
    duration: number
    errors: number
    latency: Histogram
    non2xx: number
    requests: Histogram
    statusCodeStats: Record<string, { count: number }>
    throughput: Histogram
    timeouts: number
  }
  export default function autocannon(options: Options): Promise<Result>
}
