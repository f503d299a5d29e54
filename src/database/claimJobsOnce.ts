/**
 * Each due job is claimed by one process only, when several servers run the Jobs Queue on one
 * SQL database.
 *
 * Payload 3.90's runner claims jobs in two steps (@payloadcms/drizzle's updateJobs): it finds
 * the due jobs that are not processing, then marks each found one processing. Two servers whose
 * runners tick in the same second (the runner's cron fires on the second in every process) both
 * find a job before either marks it, and both run it: a scheduled publish published twice, a
 * confirmation email sent twice. Here the runner's claim marks each found job with one
 * conditional statement (`… where id = ? and processing = false`), so of the processes that
 * found it, exactly one gets the row back and runs the job; the others drop it. PostgreSQL
 * re-checks the condition on the row as the winner committed it.
 *
 *
 * A job claimed here is also held: while it is still processing, its `updatedAt` is renewed
 * every third of `JOB_LEASE_SECONDS`. The runner claims up to ten jobs at once and runs them one
 * after another, so without renewal a job still waiting its turn in a live process looked
 * abandoned to the other servers once the lease passed (src/jobs/abandonedJobs.ts), was
 * returned to the queue and ran a second time. Only a process that died stops renewing.
 *
 * A workaround of the claim in Payload's drizzle adapter; it can go once that claim is atomic
 * (an `update … where id in (select … for update skip locked)`): remove it and run
 * `npm run test:cluster` (scheduled publishing).
 */
import type { BaseDatabaseAdapter, DatabaseAdapterObj, UpdateJobsArgs } from 'payload'

import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import { jobLeaseSeconds } from '../jobs/abandonedJobs'

const JOBS_TABLE = 'payload_jobs'

// The drizzle tables are built at runtime from the collection configs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = any
type DrizzleAdapter = BaseDatabaseAdapter & {
  drizzle: Db
  execute: (args: { db: Db; sql: SQL }) => Promise<{ rows: unknown[] }>
  sessions: Record<number | string, { db: Db } | undefined>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tables: Record<string, any>
}

/** The runner's claim: `processing: true` (and the time) on the due jobs its `where` finds. */
const isClaim = ({ data, id, where }: UpdateJobsArgs): boolean =>
  id === undefined && where !== undefined && data.processing === true && Object.keys(data).every((key) => key === 'processing' || key === 'updatedAt')

export function claimJobsOnce(adapter: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args) as DrizzleAdapter
      const updateJobs = db.updateJobs.bind(db)
      const held = holdLeases(db)
      db.updateJobs = async (claim) => {
        if (!isClaim(claim)) return updateJobs(claim)
        const { docs: found } = await db.find({
          collection: 'payload-jobs',
          limit: claim.limit,
          pagination: false,
          req: claim.req,
          select: { id: true },
          sort: claim.sort,
          where: claim.where!,
        })
        if (found.length === 0) return []
        const transaction = claim.req?.transactionID === undefined ? undefined : await claim.req.transactionID
        const session = (transaction !== undefined && db.sessions[transaction]?.db) || db.drizzle
        const jobs = db.tables[JOBS_TABLE]
        const won: (number | string)[] = []
        for (const { id } of found) {
          const { rows } = await db.execute({
            db: session,
            sql: sql`update ${jobs} set ${sql.identifier(jobs.processing.name)} = true where ${jobs.id} = ${id} and ${jobs.processing} = false returning ${jobs.id}`,
          })
          if (rows.length > 0) won.push(id)
        }
        if (won.length === 0) return []
        held.add(won)
        // Payload's own update of the claimed rows writes the time and returns them as it expects.
        return updateJobs({ data: claim.data, limit: won.length, req: claim.req, returning: claim.returning, sort: claim.sort, where: { id: { in: won } } })
      }
      return db
    },
  }
}

/** Renews the lease of the jobs this process claimed until they stop processing. */
function holdLeases(db: DrizzleAdapter): { add: (ids: (number | string)[]) => void } {
  const ids = new Set<number | string>()
  let timer: NodeJS.Timeout | undefined
  const renew = async () => {
    const jobs = db.tables[JOBS_TABLE]
    const { rows } = await db.execute({
      db: db.drizzle,
      sql: sql`update ${jobs} set ${sql.identifier(jobs.updatedAt.name)} = ${new Date().toISOString()} where ${jobs.id} in (${sql.join(
        [...ids].map((id) => sql`${id}`),
        sql`, `,
      )}) and ${jobs.processing} = true returning ${jobs.id}`,
    })
    const processing = new Set((rows as { id: number | string }[]).map((row) => String(row.id)))
    for (const id of ids) if (!processing.has(String(id))) ids.delete(id)
  }
  const tick = () => {
    if (ids.size === 0) {
      clearInterval(timer)
      timer = undefined
      return
    }
    renew().catch((error: unknown) => db.payload.logger.warn(`Could not renew the lease of running jobs: ${(error as Error).message}`))
  }
  return {
    add: (claimed) => {
      for (const id of claimed) ids.add(id)
      if (timer) return
      timer = setInterval(tick, (jobLeaseSeconds() * 1000) / 3)
      // Renewing never keeps a process alive that has nothing else to do.
      timer.unref()
    },
  }
}
