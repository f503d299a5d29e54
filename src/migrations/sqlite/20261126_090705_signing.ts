import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`petitions\` ADD \`consent_text\` text;`)
  await db.run(sql`ALTER TABLE \`_petitions_v\` ADD \`version_consent_text\` text;`)
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`consent_at\` text;`)
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`consent_text\` text;`)
  await db.run(sql`ALTER TABLE \`signatures\` ADD \`ip_hash\` text;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`petitions\` DROP COLUMN \`consent_text\`;`)
  await db.run(sql`ALTER TABLE \`_petitions_v\` DROP COLUMN \`version_consent_text\`;`)
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`consent_at\`;`)
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`consent_text\`;`)
  await db.run(sql`ALTER TABLE \`signatures\` DROP COLUMN \`ip_hash\`;`)
}
