/**
 * Routes a plugin asks the host to serve itself, ahead of Next: hot public paths (signing a
 * petition) where Next's and Payload's per-request work (a route handler, a PayloadRequest, the
 * auth strategies) costs more than the work itself. A plugin adds them to the config's `custom`,
 * so removing the plugin removes its routes; the host (src/host/hostRoutes) mounts what it finds
 * there. The plugin should still register a Payload endpoint on the same path, for requests that
 * reach Payload another way.
 */
import type { Config, Payload } from 'payload'

export type HostRequest = {
  /** The JSON body, parsed; undefined when it was empty or not JSON. */
  body: unknown
  /** The client's address as the host sees it (honouring TRUST_PROXY). */
  clientAddress: string
  /** The path's `:name` parameters. */
  params: Record<string, string>
  payload: Payload
}

/** Thrown Payload errors (APIError and its kinds) are answered as Payload's REST API would. */
export type HostAnswer = { body: unknown; headers?: Record<string, string>; status: number }

export type HostRoute = {
  handle: (request: HostRequest) => Promise<HostAnswer>
  /** Larger bodies are refused with 413. @default 1 MB, the host's limit for JSON bodies */
  maxBodyBytes?: number
  method: 'post'
  /** Below the API root (`routes.api`, `/api`), e.g. `/petitions/:id/sign`. */
  path: string
}

const KEY = 'broadsideHostRoutes'

export function addHostRoute(config: Config, route: HostRoute): Config {
  return { ...config, custom: { ...config.custom, [KEY]: [...hostRoutes(config), route] } }
}

export function hostRoutes(config: Pick<Config, 'custom'>): HostRoute[] {
  return (config.custom?.[KEY] as HostRoute[] | undefined) ?? []
}
