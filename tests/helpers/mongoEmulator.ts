/**
 * MongoDB for `npm run test:mongodb` where no MongoDB server runs: the wire-compatible
 * in-process CongoServer of @push.rocks/smartmongo, started once per test run (so every run
 * begins empty) on a loopback port. With MONGODB_URI set the suite runs on that server instead.
 *
 * What the emulator cannot do (measured): roll back transactions, enforce unique indexes, and
 * the `$slice` form Payload's join aggregations use. Conditional `findOneAndUpdate` and `$inc`
 * are atomic on it, so our claims and counters really run.
 */
import { createServer } from 'node:net'

/** Set by the test run when it started the emulator; server processes inherit it. */
const EMULATOR_FLAG = 'MONGODB_EMULATOR'

export const onMongoEmulator = (): boolean => process.env.TEST_DATABASE === 'mongodb' && process.env[EMULATOR_FLAG] === '1'

/**
 * Skips the calling test on the emulator only, saying why; everywhere else it runs. Call it
 * first in the test body: `it('…', (ctx) => { skipOnEmulator(ctx, 'needs transaction rollback') … })`.
 */
export function skipOnEmulator(context: { skip: (note?: string) => void }, reason: string): void {
  if (onMongoEmulator()) context.skip(`MongoDB emulator: ${reason}`)
}

/** Starts the emulator and points MONGODB_URI at it; returns a stop function. */
export async function startMongoEmulator(): Promise<() => Promise<void>> {
  const { CongoServer } = await import('@push.rocks/smartmongo/dist_ts/congodb/index.js')
  const port = await freeLoopbackPort()
  const server = new CongoServer({ host: '127.0.0.1', port })
  await server.start()
  // Polling heartbeats: the driver's streaming monitor gets no answer from the emulator and
  // would clear the pool mid-test (MongoPoolClearedError).
  process.env.MONGODB_URI = `mongodb://127.0.0.1:${port}/broadside?serverMonitoringMode=poll`
  process.env.MONGODB_JOIN_AGGREGATIONS = 'off'
  process.env[EMULATOR_FLAG] = '1'
  return async () => {
    await server.stop()
  }
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}
