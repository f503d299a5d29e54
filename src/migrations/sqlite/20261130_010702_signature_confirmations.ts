import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`consent_confirmed_at\` text;`)
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`confirmation_sent_at\` text;`)
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`confirmation_claimed_at\` text;`)
  await db.run(sql`CREATE INDEX \`signatures_confirmation_sent_at_idx\` ON \`signatures\` (\`confirmation_sent_at\`);`)
  // Signatures from before confirmation emails existed get none now, months later.
  await db.run(sql`UPDATE \`signatures\` SET \`confirmation_sent_at\` = \`created_at\`;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP INDEX \`signatures_confirmation_sent_at_idx\`;`)
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`consent_confirmed_at\`;`)
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`confirmation_sent_at\`;`)
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`confirmation_claimed_at\`;`)
}
