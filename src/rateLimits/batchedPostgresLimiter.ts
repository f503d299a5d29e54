/**
 * rate-limiter-flexible's PostgreSQL store, counting attempts in batches: the attempts that
 * arrive in one turn of the event loop go to the database as one statement instead of one
 * round trip each. In a signing flood every signature counts twice (its address, its email);
 * one at a time, those round trips queued on the pool and were most of a signature's wait
 * (60–120 ms each at 850 signatures/s, measured in bench:sign), and their socket writes a
 * quarter of the server's CPU (profiled).
 *
 * The statement is the store's own upsert for many rows: a key's count resets when its window
 * has expired, else grows; the row's expiry stays. Attempts on the same key in one batch are
 * summed into one row (PostgreSQL cannot update a row twice in one statement), and each attempt
 * is answered with the count as it stood after it: the first of three sees the count before
 * the batch plus one, the last sees the row's new count — what they would have seen one at a
 * time. Keys are written in sorted order, so two batches (two server processes) lock rows in
 * the same order and never deadlock.
 *
 * Everything else (blocks, `set`, `get`, `delete`, expiry clean-up) is the library's own.
 */
import { RateLimiterPostgres } from 'rate-limiter-flexible'

type StoreRow = { expire: null | number | string; points: number }
type StoreResult = { rows: StoreRow[] }
type Attempt = { points: number; reject: (error: unknown) => void; resolve: (result: StoreResult) => void }
type Batch = { attempts: Map<string, Attempt[]>; msDuration: number }

/** The parts of RateLimiterPostgres this class builds on (not in the library's type declarations). */
type StoreInternals = {
  _getTableIdentifier: () => string
  _query: (query: { name?: string; text: string; values: unknown[] }) => Promise<{ rows: { expire: null | string; key: string; points: number }[] }>
  _upsert: (key: string, points: number, msDuration: number, forceExpire?: boolean) => Promise<StoreResult>
}

export class BatchedRateLimiterPostgres extends RateLimiterPostgres {
  /** Batches still filling, by window length (a limiter's windows are all one length unless a caller passes another). */
  private filling = new Map<number, Batch>()

  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<StoreResult> {
    // Setting a count outright (a block, `set`) is rare and not a sum: the library's own query.
    if (forceExpire) return (RateLimiterPostgres.prototype as unknown as StoreInternals)._upsert.call(this, key, points, msDuration, true)
    return new Promise((resolve, reject) => {
      let batch = this.filling.get(msDuration)
      if (!batch) {
        batch = { attempts: new Map(), msDuration }
        this.filling.set(msDuration, batch)
        const started = batch
        setImmediate(() => {
          this.filling.delete(msDuration)
          void this.write(started)
        })
      }
      const forKey = batch.attempts.get(key)
      if (forKey) forKey.push({ points, reject, resolve })
      else batch.attempts.set(key, [{ points, reject, resolve }])
    })
  }

  private async write({ attempts, msDuration }: Batch): Promise<void> {
    const keys = [...attempts.keys()].sort()
    const totals = keys.map((key) => attempts.get(key)!.reduce((sum, attempt) => sum + attempt.points, 0))
    const now = Date.now()
    const expire = msDuration > 0 ? now + msDuration : null
    const store = this as unknown as StoreInternals
    const table = store._getTableIdentifier()
    try {
      const { rows } = await store._query({
        name: 'broadside-upsert-batch',
        text: `INSERT INTO ${table} (key, points, expire)
            SELECT key, points, $3::bigint FROM unnest($1::varchar[], $2::integer[]) AS attempt(key, points) ORDER BY key
            ON CONFLICT (key) DO UPDATE SET
              points = CASE WHEN ${table}.expire <= $4 THEN excluded.points ELSE ${table}.points + excluded.points END,
              expire = CASE WHEN ${table}.expire <= $4 THEN excluded.expire ELSE ${table}.expire END
            RETURNING key, points, expire`,
        values: [keys, totals, expire, now],
      })
      const stored = new Map(rows.map((row) => [row.key, row]))
      keys.forEach((key, at) => {
        const row = stored.get(key)
        const waiting = attempts.get(key)!
        if (!row) return waiting.forEach((attempt) => attempt.reject(new Error(`rate limit store: no count came back for a key`)))
        // The count before this batch's attempts on the key, then each attempt's own share on top.
        let count = row.points - totals[at]!
        for (const attempt of waiting) {
          count += attempt.points
          attempt.resolve({ rows: [{ expire: row.expire, points: count }] })
        }
      })
    } catch (error) {
      for (const waiting of attempts.values()) for (const attempt of waiting) attempt.reject(error)
    }
  }
}
