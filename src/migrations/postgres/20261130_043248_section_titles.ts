import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/** The configured kinds of section with their labels, read from the `kind` field's options. */
function sectionKinds(payload: MigrateUpArgs['payload']): { label: string; value: string }[] {
  const field = payload.collections.sections?.config.fields.find((candidate) => 'name' in candidate && candidate.name === 'kind')
  const options = field && 'options' in field ? field.options : []
  return options.map((option) => (typeof option === 'string' ? { label: option, value: option } : { label: String(option.label), value: option.value }))
}

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sections" ADD COLUMN "title" varchar;`)
  // Sections saved before this get their title now, as the save hook would write it.
  for (const { label, value } of sectionKinds(payload)) {
    await db.execute(sql`UPDATE "sections" SET "title" = CAST(${label} AS varchar) || COALESCE(' — ' || (SELECT "title" FROM "articles" WHERE "articles"."id" = "sections"."article_id"), '') WHERE "kind" = ${value};`)
  }
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "sections" DROP COLUMN "title";`)
}
