import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "signatures" ADD COLUMN "confirmed_at" timestamp(3) with time zone;`)
  // As on SQLite: a confirmed opt-in came through the signer's own link; the rest stay unconfirmed.
  await db.execute(sql`UPDATE "signatures" SET "confirmed_at" = "consent_confirmed_at" WHERE "consent_confirmed_at" IS NOT NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "signatures" DROP COLUMN "confirmed_at";`)
}
