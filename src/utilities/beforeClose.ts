/**
 * Work a plugin must finish before the database closes (closeDatabase runs it once the job
 * runner has stopped): e.g. aborting webhook deliveries in flight and recording them for a
 * retry. Plugins append to the list in `config.custom`, so removing one removes its work.
 */
import type { Config, Payload } from 'payload'

export type BeforeClose = (payload: Payload) => Promise<void>

const KEY = 'broadsideBeforeClose'

export function addBeforeClose(config: Config, work: BeforeClose): Config {
  const existing = (config.custom?.[KEY] as BeforeClose[] | undefined) ?? []
  return { ...config, custom: { ...config.custom, [KEY]: [...existing, work] } }
}

export async function runBeforeClose(payload: Payload): Promise<void> {
  for (const work of (payload.config.custom?.[KEY] as BeforeClose[] | undefined) ?? []) await work(payload)
}
