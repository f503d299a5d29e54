// Our MongoDB code inside Payload's transactions: on a replica set (the emulator answers as the
// primary of one) each write below must travel in the request's transaction — the session's
// id and transaction number on the command, autocommit off — and that transaction must be
// committed. The driver's own command events show what was sent. A standalone server has no
// transactions: there this file skips, saying so. (The emulator commits and aborts nothing for
// real; that rollback leaves nothing behind is database.test.ts's, on servers that roll back.)
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { CommandStartedEvent } from 'mongodb'
import type { Payload } from 'payload'

import { createLocalReq, initTransaction, killTransaction } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { publishArticle } from '../helpers/articles'
import { emulatorTopology, type FailCommand, onMongoEmulator } from '../helpers/mongoEmulator'
import { startTestPayload, type TestPayload } from '../helpers/testPayload'
import { until } from '../helpers/wait'
import { createTestDatabase, type TestDatabase, testEngine } from '../helpers/testDatabase'
import { signatureBatches } from '../../collections/petitions/signing/signatureBatches'

describe.runIf(testEngine() === 'mongodb')('MongoDB: our writes inside Payload’s transactions', () => {
  let database: TestDatabase
  let test: TestPayload
  let payload: Payload
  let transactions = false
  const sent: CommandStartedEvent[] = []

  beforeAll(async () => {
    database = await createTestDatabase()
    // Command events only from a client asked for them: a URI option, so Payload's own client is.
    const uri = new URL(database.uri)
    uri.searchParams.set('monitorCommands', 'true')
    test = await startTestPayload({ database: { ...database, uri: uri.toString() } })
    payload = test.payload
    const adapter = payload.db as unknown as MongooseAdapter
    transactions = adapter.transactionOptions !== false
    adapter.connection.getClient().on('commandStarted', (event) => sent.push(event))
  })
  afterAll(async () => {
    await test?.close()
    await database?.drop()
  })

  /** What `action` sent to the server. */
  async function sentDuring(action: () => Promise<unknown>): Promise<CommandStartedEvent[]> {
    sent.length = 0
    await action()
    return [...sent]
  }

  const needsTransactions = (context: { skip: (note?: string) => void }) => {
    if (!transactions) context.skip('a standalone server: Payload runs no transactions on it (README, Databases)')
  }

  it('Payload runs transactions on the emulator, which answers as a replica set primary', (context) => {
    if (!onMongoEmulator() || emulatorTopology() !== 'replicaSet') context.skip('for the emulator in its replica-set mode; another server is what it is')
    expect(transactions).toBe(true)
  })

  it('a signature batch: the rows, the repeat check and the counter in one transaction, then committed', async (context) => {
    needsTransactions(context)
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: 'In one transaction' } as never })
    const row = { consent: false, consentAt: null, consentText: null, email: 'one@example.org', name: 'One', petition: petition.id, showName: true }
    const commands = await sentDuring(() => signatureBatches(payload).add(row))

    // (Once committed, the confirmation outbox is nudged: its own reads run outside any transaction.)
    const check = only(commands.filter((c) => transactionOf(c) !== undefined), 'find', 'signatures')
    const insert = only(commands, 'insert', 'signatures')
    const counter = only(commands, 'update', 'petitions')
    const transaction = transactionOf(insert)
    expect(transaction).toBeDefined()
    expect(transactionOf(check)).toBe(transaction)
    expect(transactionOf(counter)).toBe(transaction)
    expect(check.command.startTransaction).toBe(true)
    expect(commands.filter((c) => c.commandName === 'commitTransaction').map(transactionOf)).toEqual([transaction])
    expect(commands.findIndex((c) => c.commandName === 'commitTransaction')).toBeGreaterThan(commands.indexOf(counter))

    // In a transaction a duplicate key would abort it all, so the batch leaves out what is stored:
    // a repeat reads, inserts nothing, counts nothing.
    const repeat = await sentDuring(() => signatureBatches(payload).add({ ...row, name: 'One again' }))
    expect(repeat.filter((c) => c.commandName === 'find' && c.command.find === 'signatures' && transactionOf(c) !== undefined)).toHaveLength(1)
    expect(repeat.filter((c) => c.commandName === 'insert' && c.command.insert === 'signatures')).toEqual([])
    expect(repeat.filter((c) => c.commandName === 'update' && c.command.update === 'petitions')).toEqual([])
    expect((await payload.findByID({ collection: 'petitions', depth: 0, id: petition.id })).signatureCount).toBe(1)
  })

  it('a signature batch that meets a write conflict is aborted, runs again in a new transaction and commits once', async (context) => {
    needsTransactions(context)
    if (!onMongoEmulator()) context.skip('a fail point narrowed to one collection is the emulator’s (tests/helpers/mongoEmulator.ts)')
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: 'Write conflict' } as never })
    const row = { consent: false, consentAt: null, consentText: null, email: 'conflict@example.org', name: 'Conflict', petition: petition.id, showName: true }
    const connection = (payload.db as unknown as MongooseAdapter).connection
    const failPoint: FailCommand = {
      configureFailPoint: 'failCommand',
      // What a replica set answers a transaction that met another's uncommitted write.
      data: { errorCode: 112, errorLabels: ['TransientTransactionError'], failCommands: ['insert'], namespace: `${connection.db!.databaseName}.signatures` },
      mode: { times: 1 },
    }
    await connection.getClient().db('admin').command(failPoint)
    const commands = await sentDuring(() => signatureBatches(payload).add(row))

    const inserts = commands.filter((c) => c.commandName === 'insert' && c.command.insert === 'signatures')
    expect(inserts).toHaveLength(2)
    const [refused, retried] = inserts.map(transactionOf)
    expect(refused).toBeDefined()
    expect(retried).toBeDefined()
    expect(retried).not.toBe(refused)
    expect(commands.filter((c) => c.commandName === 'abortTransaction').map(transactionOf)).toEqual([refused])
    expect(commands.filter((c) => c.commandName === 'commitTransaction').map(transactionOf)).toEqual([retried])
    expect((await payload.findByID({ collection: 'petitions', depth: 0, id: petition.id })).signatureCount).toBe(1)
    expect((await payload.count({ collection: 'signatures', where: { email: { equals: row.email } } })).totalDocs).toBe(1)
  })

  it('a signature written through Payload raises the counter inside that write’s transaction', async (context) => {
    needsTransactions(context)
    const petition = await payload.create({ collection: 'petitions', data: { _status: 'published', goal: 10, title: 'Counter in session' } as never })
    const commands = await sentDuring(() =>
      payload.create({ collection: 'signatures', data: { consent: false, email: 'two@example.org', name: 'Two', petition: petition.id } as never }),
    )
    const insert = only(commands, 'insert', 'signatures')
    const counter = commands.find((c) => c.commandName === 'update' && c.command.update === 'petitions' && JSON.stringify(c.command.updates).includes('$inc'))
    expect(counter, 'the counter $inc').toBeDefined()
    expect(transactionOf(counter!)).toBe(transactionOf(insert))
    expect(transactionOf(insert)).toBeDefined()
    expect(commands.filter((c) => c.commandName === 'commitTransaction').map(transactionOf)).toContain(transactionOf(insert))
  })

  it('a publish: the related index written in its transaction, the lock claimed outside it and freed when it ends', async (context) => {
    needsTransactions(context)
    await publishArticle(payload, { title: 'Harbour cranes and the port strike' })
    const commands = await sentDuring(() => publishArticle(payload, { title: 'Port strike: the cranes stand still' }))

    const postings = commands.filter((c) => c.commandName === 'insert' && c.command.insert === 'related-postings')
    expect(postings.length).toBeGreaterThan(0)
    const transaction = transactionOf(postings[0]!)
    expect(transaction).toBeDefined()
    const claim = commands.find((c) => c.commandName === 'findAndModify' && c.command.findAndModify === 'broadside_related_lock')
    expect(claim, 'the lock claim').toBeDefined()
    // Outside: inside one, a second claimant would meet a write conflict instead of waiting.
    expect(claim!.command.autocommit).toBeUndefined()
    const committed = commands.findIndex((c) => c.commandName === 'commitTransaction' && transactionOf(c) === transaction)
    expect(committed).toBeGreaterThan(commands.indexOf(postings[0]!))
    // Released once the session ends (after the commit), not by the publish itself.
    const lockDocument = () => (payload.db as unknown as MongooseAdapter).connection.db!.collection('broadside_related_lock').findOne({})
    await until(async () => (await lockDocument())?.holder === null, 5_000)
    const holder = (claim!.command.update as { $set: { holder: string } }).$set.holder
    const releases = sent.flatMap((c, at) =>
      c.commandName === 'update' && c.command.update === 'broadside_related_lock' && (c.command.updates as { q: { holder?: string } }[])[0]?.q.holder === holder ? [at] : [],
    )
    expect(releases).toHaveLength(1)
    expect(releases[0]).toBeGreaterThan(committed)
  })

  it('a webhook merge: the second publish appends to the waiting delivery inside its transaction', async (context) => {
    needsTransactions(context)
    // A loopback address allowed for the test, and a window long enough that nothing is sent.
    process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1'
    const endpoint = await payload.create({
      collection: 'webhooks',
      data: { coalesceSeconds: 60, events: ['article.published'], name: 'merge', url: 'http://127.0.0.1:9/merge' } as never,
    })
    try {
      await publishArticle(payload, { title: 'First change in the window' })
      const commands = await sentDuring(() => publishArticle(payload, { title: 'Second change in the window' }))
      const merge = commands.find((c) => c.commandName === 'findAndModify' && c.command.findAndModify === 'webhook-deliveries')
      expect(merge, 'the merge').toBeDefined()
      expect(transactionOf(merge!)).toBeDefined()
      expect(commands.filter((c) => c.commandName === 'commitTransaction').map(transactionOf)).toContain(transactionOf(merge!))
      const { docs } = await payload.find({ collection: 'webhook-deliveries', depth: 0, where: { webhook: { equals: endpoint.id } } })
      expect(docs).toHaveLength(1)
      expect((docs[0] as unknown as { items: unknown[] }).items).toHaveLength(2)
    } finally {
      await payload.update({ collection: 'webhooks', data: { active: false } as never, id: endpoint.id })
    }
  })

  it('a failed unit of work sends abortTransaction for its session (the emulator rolls nothing back)', async (context) => {
    needsTransactions(context)
    const req = await createLocalReq({}, payload)
    const commands = await sentDuring(async () => {
      await initTransaction(req)
      await payload.create({ collection: 'categories', data: { name: 'Aborted' }, req })
      await killTransaction(req)
    })
    const insert = only(commands, 'insert', 'categories')
    expect(transactionOf(insert)).toBeDefined()
    expect(commands.filter((c) => c.commandName === 'abortTransaction').map(transactionOf)).toEqual([transactionOf(insert)])
  })
})

/** The one command of this name on this collection. */
function only(commands: CommandStartedEvent[], name: string, collection: string): CommandStartedEvent {
  const found = commands.filter((c) => c.commandName === name && c.command[name] === collection)
  expect(found.map((c) => c.commandName), `${name} on ${collection}`).toHaveLength(1)
  return found[0]!
}

/**
 * Which transaction a command ran in: its session and transaction number, when it was sent
 * with autocommit off (a retryable write outside a transaction carries a number too, not that).
 */
function transactionOf(event: CommandStartedEvent): string | undefined {
  const { autocommit, lsid, txnNumber } = event.command as { autocommit?: boolean; lsid?: { id: { toString: (encoding: 'hex') => string } }; txnNumber?: unknown }
  if (autocommit !== false || !lsid || txnNumber === undefined) return undefined
  return `${lsid.id.toString('hex')}#${String(txnNumber)}`
}
