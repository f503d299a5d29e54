import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendSignatureConfirmations' BEFORE 'deliverWebhook';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendSignatureConfirmations' BEFORE 'deliverWebhook';
  ALTER TABLE "signatures" ADD COLUMN "consent_confirmed_at" timestamp(3) with time zone;
  ALTER TABLE "signatures" ADD COLUMN "confirmation_sent_at" timestamp(3) with time zone;
  ALTER TABLE "signatures" ADD COLUMN "confirmation_claimed_at" timestamp(3) with time zone;
  CREATE INDEX "signatures_confirmation_sent_at_idx" ON "signatures" USING btree ("confirmation_sent_at");`)
  // Signatures from before confirmation emails existed get none now, months later.
  await db.execute(sql`UPDATE "signatures" SET "confirmation_sent_at" = "created_at";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'deliverWebhook', 'schedulePublish');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'deliverWebhook', 'schedulePublish');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "signatures_confirmation_sent_at_idx";
  ALTER TABLE "signatures" DROP COLUMN "consent_confirmed_at";
  ALTER TABLE "signatures" DROP COLUMN "confirmation_sent_at";
  ALTER TABLE "signatures" DROP COLUMN "confirmation_claimed_at";`)
}
