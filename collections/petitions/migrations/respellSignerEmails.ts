/**
 * Data migration: signatures stored before emails had one spelling (src/signing/signerEmail).
 * The sign path used to keep a Unicode domain as typed, so one mailbox may hold two rows on a
 * petition (`ana@bücher.example` and `ana@xn--bcher-kva.example`), or a row whose spelling the
 * unique index no longer matches. Each such row gets the stored spelling; where two rows become
 * one signer, the earliest stays and the others go, the petition's counter going down by one
 * for each, in the migration's transaction. A confirmed opt-in on a row that goes is kept on the
 * row that stays (that mailbox confirmed it). Rows whose domain cannot be converted are left.
 *
 * Only rows with a character outside ASCII can be spelt differently (an ASCII address is NFC
 * already and lower-cased by every path that stored it), so the database picks them out.
 *
 * `planRespelling` decides; `respellSignerEmails` reads and writes, for SQLite and PostgreSQL.
 */
import { type SQL, sql } from '@payloadcms/db-sqlite/drizzle'

import { normalizeSignerEmail } from '../../../src/signing/signerEmail'

export type StoredSignerRow = { email: string; id: number; petition: number }

export type RespellingPlan = {
  /** Rows that stay under the new spelling. */
  respell: { email: string; id: number }[]
  /** Rows that go, each with the row that stays for the same mailbox and petition. */
  merge: { drop: number; keep: number; petition: number }[]
}

/** Pure: given the rows spelt outside ASCII and the rows already holding their new spellings. */
export function planRespelling(candidates: StoredSignerRow[], holders: StoredSignerRow[]): RespellingPlan {
  const groups = new Map<string, { email: string; rows: StoredSignerRow[] }>()
  const add = (row: StoredSignerRow, email: string) => {
    const key = `${row.petition}\n${email}`
    const group = groups.get(key) ?? { email, rows: [] }
    if (!group.rows.some((member) => member.id === row.id)) group.rows.push(row)
    groups.set(key, group)
  }
  for (const row of candidates) {
    const spelt = normalizeSignerEmail(row.email)
    if (spelt.ok && spelt.email !== row.email) add(row, spelt.email)
  }
  for (const row of holders) if (groups.has(`${row.petition}\n${row.email}`)) add(row, row.email)
  const plan: RespellingPlan = { merge: [], respell: [] }
  for (const { email, rows } of groups.values()) {
    const [keep, ...rest] = [...rows].sort((a, b) => a.id - b.id)
    if (keep!.email !== email) plan.respell.push({ email, id: keep!.id })
    for (const row of rest) plan.merge.push({ drop: row.id, keep: keep!.id, petition: row.petition })
  }
  return plan
}

export type MigrationDatabase =
  | { db: { all: (query: SQL) => Promise<unknown[]>; run: (query: SQL) => Promise<unknown> }; dialect: 'sqlite' }
  | { db: { execute: (query: SQL) => Promise<{ rows: unknown[] }> }; dialect: 'postgres' }

const CHUNK = 500

export async function respellSignerEmails(database: MigrationDatabase): Promise<RespellingPlan> {
  const rows = async (query: SQL) => ((database.dialect === 'sqlite' ? await database.db.all(query) : (await database.db.execute(query)).rows) as Record<string, unknown>[])
  const run = async (query: SQL) => {
    if (database.dialect === 'sqlite') await database.db.run(query)
    else await database.db.execute(query)
  }
  const asRow = (row: Record<string, unknown>): StoredSignerRow => ({ email: String(row.email), id: Number(row.id), petition: Number(row.petition) })
  const outsideAscii = database.dialect === 'sqlite' ? sql`length("email") <> length(cast("email" as blob))` : sql`octet_length("email") <> char_length("email")`
  const candidates = (await rows(sql`select "id", "petition_id" as "petition", "email" from "signatures" where ${outsideAscii}`)).map(asRow)
  const spellings = [...new Set(candidates.map((row) => normalizeSignerEmail(row.email)).flatMap((spelt) => (spelt.ok ? [spelt.email] : [])))]
  const holders: StoredSignerRow[] = []
  for (let at = 0; at < spellings.length; at += CHUNK) {
    const emails = sql.join(spellings.slice(at, at + CHUNK).map((email) => sql`${email}`), sql`, `)
    holders.push(...(await rows(sql`select "id", "petition_id" as "petition", "email" from "signatures" where "email" in (${emails})`)).map(asRow))
  }
  const plan = planRespelling(candidates, holders)
  for (const { drop, keep, petition } of plan.merge) {
    // The mailbox confirmed its opt-in on the row that goes: the row that stays carries it.
    await run(sql`update "signatures" set ("consent", "consent_at", "consent_text", "consent_confirmed_at") =
      (select "consent", "consent_at", "consent_text", "consent_confirmed_at" from "signatures" where "id" = ${drop})
      where "id" = ${keep} and "consent_confirmed_at" is null
        and exists (select 1 from "signatures" where "id" = ${drop} and "consent_confirmed_at" is not null)`)
    await run(sql`delete from "signatures" where "id" = ${drop}`)
    await run(sql`update "petitions" set "signature_count" = coalesce("signature_count", 0) - 1 where "id" = ${petition}`)
  }
  for (const { email, id } of plan.respell) await run(sql`update "signatures" set "email" = ${email} where "id" = ${id}`)
  return plan
}
