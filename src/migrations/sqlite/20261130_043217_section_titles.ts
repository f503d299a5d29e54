import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

/** The configured kinds of section with their labels, read from the `kind` field's options. */
function sectionKinds(payload: MigrateUpArgs['payload']): { label: string; value: string }[] {
  const field = payload.collections.sections?.config.fields.find((candidate) => 'name' in candidate && candidate.name === 'kind')
  const options = field && 'options' in field ? field.options : []
  return options.map((option) => (typeof option === 'string' ? { label: option, value: option } : { label: String(option.label), value: option.value }))
}

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`sections\` ADD \`title\` text;`)
  // Sections saved before this get their title now, as the save hook would write it.
  for (const { label, value } of sectionKinds(payload)) {
    await db.run(sql`UPDATE \`sections\` SET \`title\` = ${label} || COALESCE(' — ' || (SELECT \`title\` FROM \`articles\` WHERE \`articles\`.\`id\` = \`sections\`.\`article_id\`), '') WHERE \`kind\` = ${value};`)
  }
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`sections\` DROP COLUMN \`title\`;`)
}
