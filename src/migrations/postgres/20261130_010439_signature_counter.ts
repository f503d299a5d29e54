import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "petitions" ADD COLUMN "signature_count" numeric DEFAULT 0;
  ALTER TABLE "_petitions_v" ADD COLUMN "version_signature_count" numeric DEFAULT 0;`)
  // The count was counted until now; from here on it is kept. Start it from the rows.
  await db.execute(sql`
   UPDATE "petitions" SET "signature_count" = (SELECT COUNT(*) FROM "signatures" WHERE "signatures"."petition_id" = "petitions"."id");
  UPDATE "_petitions_v" SET "version_signature_count" = (SELECT COUNT(*) FROM "signatures" WHERE "signatures"."petition_id" = "_petitions_v"."parent_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "petitions" DROP COLUMN "signature_count";
  ALTER TABLE "_petitions_v" DROP COLUMN "version_signature_count";`)
}
