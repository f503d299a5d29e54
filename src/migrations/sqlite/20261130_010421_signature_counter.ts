import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`petitions\` ADD \`signature_count\` numeric DEFAULT 0;`)
  await db.run(sql`ALTER TABLE \`_petitions_v\` ADD \`version_signature_count\` numeric DEFAULT 0;`)
  // The count was counted until now; from here on it is kept. Start it from the rows.
  await db.run(sql`UPDATE \`petitions\` SET \`signature_count\` = (SELECT COUNT(*) FROM \`signatures\` WHERE \`signatures\`.\`petition_id\` = \`petitions\`.\`id\`);`)
  await db.run(sql`UPDATE \`_petitions_v\` SET \`version_signature_count\` = (SELECT COUNT(*) FROM \`signatures\` WHERE \`signatures\`.\`petition_id\` = \`_petitions_v\`.\`parent_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`petitions\` DROP COLUMN \`signature_count\`;`)
  await db.run(sql`ALTER TABLE \`_petitions_v\` DROP COLUMN \`version_signature_count\`;`)
}
