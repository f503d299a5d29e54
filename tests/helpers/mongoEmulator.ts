/**
 * MongoDB for `npm run test:mongodb` where no MongoDB server runs: the wire-compatible
 * in-process CongoServer of @push.rocks/smartmongo, started once per test run (so every run
 * begins empty) on a loopback port. With MONGODB_URI set the suite runs on that server instead.
 *
 * By default it answers the handshake as the primary of a one-member replica set, and the URI
 * names that set, so the driver allows transactions and Payload's adapter turns them on: our
 * in-transaction paths (sessions passed, commit and abort sent) run on it.
 * `MONGODB_EMULATOR_TOPOLOGY=standalone` keeps its own standalone answer, where Payload runs
 * without transactions (the paths a standalone production server takes).
 *
 * What the emulator cannot do (measured): roll back transactions (it acknowledges commit and
 * abort; every write lands at once, visible to all), enforce unique indexes, and the `$slice`
 * form Payload's join aggregations use. Conditional `findOneAndUpdate` and `$inc` are atomic on
 * it, so our claims and counters really run.
 */
import { ObjectId } from 'mongodb'
import { createServer } from 'node:net'

/** Set by the test run when it started the emulator; server processes inherit it. */
const EMULATOR_FLAG = 'MONGODB_EMULATOR'
/** `replicaSet` (the default) or `standalone`: how the emulator answers the handshake. */
const TOPOLOGY_SETTING = 'MONGODB_EMULATOR_TOPOLOGY'
/** The replica set the emulator claims to be the primary of. */
export const EMULATOR_REPLICA_SET = 'broadside-emulator'

export type EmulatorTopology = 'replicaSet' | 'standalone'

export const onMongoEmulator = (): boolean => process.env.TEST_DATABASE === 'mongodb' && process.env[EMULATOR_FLAG] === '1'

/** How the running emulator answers the handshake (only meaningful when onMongoEmulator()). */
export function emulatorTopology(env: NodeJS.ProcessEnv = process.env): EmulatorTopology {
  const value = env[TOPOLOGY_SETTING] || 'replicaSet'
  if (value !== 'replicaSet' && value !== 'standalone') throw new Error(`${TOPOLOGY_SETTING} must be replicaSet or standalone; got "${value}".`)
  return value
}

/**
 * Skips the calling test on the emulator only, saying why; everywhere else it runs. Call it
 * first in the test body: `it('…', (ctx) => { skipOnEmulator(ctx, 'needs transaction rollback') … })`.
 * With `topology` it skips only when the emulator answers that way.
 */
export function skipOnEmulator(context: { skip: (note?: string) => void }, reason: string, topology?: EmulatorTopology): void {
  if (!onMongoEmulator()) return
  if (topology && emulatorTopology() !== topology) return
  context.skip(`MongoDB emulator${topology ? ` (${topology})` : ''}: ${reason}`)
}

/** Starts the emulator and points MONGODB_URI at it; returns a stop function. */
export async function startMongoEmulator(topology: EmulatorTopology = emulatorTopology()): Promise<() => Promise<void>> {
  const { CongoServer } = await import('@push.rocks/smartmongo/dist_ts/congodb/index.js')
  const port = await freeLoopbackPort()
  const server = new CongoServer({ host: '127.0.0.1', port })
  const address = `127.0.0.1:${port}`
  if (topology === 'replicaSet') answerAsReplicaSetPrimary(server, address)
  acceptFailPoints(server)
  await server.start()
  // Polling heartbeats: the driver's streaming monitor gets no answer from the emulator and
  // would clear the pool mid-test (MongoPoolClearedError).
  const options = new URLSearchParams({ serverMonitoringMode: 'poll' })
  // Payload's adapter turns transactions on only when the URI names a replica set.
  if (topology === 'replicaSet') options.set('replicaSet', EMULATOR_REPLICA_SET)
  process.env.MONGODB_URI = `mongodb://${address}/broadside?${options}`
  process.env.MONGODB_JOIN_AGGREGATIONS = 'off'
  process.env[EMULATOR_FLAG] = '1'
  process.env[TOPOLOGY_SETTING] = topology
  return async () => {
    await server.stop()
  }
}

type HandshakeHandler = { handle: (context: never) => Promise<Record<string, unknown>> }
type ParsedCommand = { command: Record<string, unknown>; commandName: string; database: string }
type Router = { handlers?: Map<string, HandshakeHandler>; route?: (parsed: ParsedCommand) => Promise<Record<string, unknown>> }

const routerOf = (server: object): Router | undefined => (server as { commandRouter?: Router }).commandRouter

/**
 * The emulator's own hello answers as a standalone server, and has no option to do otherwise.
 * This wraps that answer (in the server's command table, not in node_modules) with what the
 * driver reads to see the primary of a replica set it may run transactions on: the set's name,
 * its members (this one address), which of them is primary, and an election id and set
 * version that never change (a later, smaller pair would make the driver call it stale).
 */
function answerAsReplicaSetPrimary(server: object, address: string): void {
  const handlers = routerOf(server)?.handlers
  const hello = handlers?.get('hello')
  if (!handlers || !hello) {
    throw new Error('@push.rocks/smartmongo no longer keeps its command handlers where tests/helpers/mongoEmulator.ts looks for them: update answerAsReplicaSetPrimary.')
  }
  const electionId = new ObjectId('7fffffff0000000000000001')
  const asPrimary: HandshakeHandler = {
    handle: async (context) => ({
      ...(await hello.handle(context)),
      electionId,
      hosts: [address],
      isWritablePrimary: true,
      ismaster: true,
      me: address,
      primary: address,
      secondary: false,
      setName: EMULATOR_REPLICA_SET,
      setVersion: 1,
    }),
  }
  for (const name of ['hello', 'ismaster', 'isMaster']) handlers.set(name, asPrimary)
}

/**
 * What `configureFailPoint: 'failCommand'` sets up, as on a MongoDB server with test commands:
 * the next `times` commands named in `failCommands` fail with `errorCode` and `errorLabels`.
 * One addition, `namespace` ("database.collection"), narrows it to one collection: the
 * emulator is shared by every test file running at once, each on its own database.
 */
export type FailCommand = {
  configureFailPoint: 'failCommand'
  data: { errorCode: number; errorLabels?: string[]; failCommands: string[]; namespace?: string }
  mode: 'off' | { times: number }
}

/**
 * Lets a test make the emulator refuse a command the way a replica set would (a WriteConflict
 * labelled TransientTransactionError), so the code that runs a transaction again runs. Sent
 * as a command by the test, like MongoDB's own fail points.
 */
function acceptFailPoints(server: object): void {
  const router = routerOf(server)
  const route = router?.route?.bind(router)
  if (!router || !route) throw new Error('@push.rocks/smartmongo no longer routes commands where tests/helpers/mongoEmulator.ts looks: update acceptFailPoints.')
  let armed: (FailCommand['data'] & { left: number }) | undefined
  router.route = async (parsed) => {
    const { command, commandName, database } = parsed
    if (commandName === 'configureFailPoint') {
      const { data, mode } = command as unknown as FailCommand
      armed = mode === 'off' ? undefined : { ...data, left: mode.times }
      return { ok: 1 }
    }
    const namespace = `${database}.${String(command[commandName])}`
    if (armed && armed.left > 0 && armed.failCommands.includes(commandName) && (!armed.namespace || armed.namespace === namespace)) {
      armed.left -= 1
      return { code: armed.errorCode, errmsg: `failCommand fail point: ${commandName} on ${namespace}`, errorLabels: armed.errorLabels ?? [], ok: 0 }
    }
    return route(parsed)
  }
}

async function freeLoopbackPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}
