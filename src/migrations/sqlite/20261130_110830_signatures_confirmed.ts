import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`confirmed_at\` text;`)
  // A confirmed opt-in came through the signer's own link, which now confirms the signature too.
  // Other signatures stored before stay unconfirmed: their names leave the public signers until
  // the signer confirms (nothing told a stranger's entry from the mailbox owner's).
  await db.run(sql`UPDATE \`signatures\` SET \`confirmed_at\` = \`consent_confirmed_at\` WHERE \`consent_confirmed_at\` IS NOT NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`confirmed_at\`;`)
}
