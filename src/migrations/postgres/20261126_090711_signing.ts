import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "petitions" ADD COLUMN "consent_text" varchar;
  ALTER TABLE "_petitions_v" ADD COLUMN "version_consent_text" varchar;
  ALTER TABLE "signatures" ADD COLUMN "consent_at" timestamp(3) with time zone;
  ALTER TABLE "signatures" ADD COLUMN "consent_text" varchar;
  ALTER TABLE "signatures" ADD COLUMN "ip_hash" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "petitions" DROP COLUMN "consent_text";
  ALTER TABLE "_petitions_v" DROP COLUMN "version_consent_text";
  ALTER TABLE "signatures" DROP COLUMN "consent_at";
  ALTER TABLE "signatures" DROP COLUMN "consent_text";
  ALTER TABLE "signatures" DROP COLUMN "ip_hash";`)
}
