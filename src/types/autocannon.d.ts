// autocannon ships no types (@types/autocannon describes 7.x); these cover bench:reads' use.
declare module 'autocannon' {
  type Histogram = { average: number; max: number; mean: number; min: number; p50: number; p99: number; total: number }
  export type Options = {
    body?: string
    connections?: number
    duration?: number
    headers?: Record<string, string>
    method?: string
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
