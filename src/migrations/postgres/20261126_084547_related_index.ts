import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "related_terms" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"term" varchar NOT NULL,
  	"documents" numeric NOT NULL
  );
  
  CREATE TABLE "related_postings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"term" varchar NOT NULL,
  	"article_id" integer NOT NULL,
  	"weight" numeric NOT NULL
  );
  
  CREATE TABLE "related_vectors" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"article_id" integer NOT NULL,
  	"fingerprint" varchar NOT NULL,
  	"length" numeric NOT NULL,
  	"self_score" numeric NOT NULL,
  	"terms" varchar NOT NULL,
  	"categories" jsonb NOT NULL,
  	"published_at" timestamp(3) with time zone NOT NULL
  );
  
  ALTER TABLE "related_postings" ADD CONSTRAINT "related_postings_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "related_vectors" ADD CONSTRAINT "related_vectors_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  CREATE UNIQUE INDEX "related_terms_term_idx" ON "related_terms" USING btree ("term");
  CREATE INDEX "related_postings_article_idx" ON "related_postings" USING btree ("article_id");
  CREATE INDEX "term_weight_idx" ON "related_postings" USING btree ("term","weight");
  CREATE UNIQUE INDEX "related_vectors_article_idx" ON "related_vectors" USING btree ("article_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TABLE "related_terms" CASCADE;
  DROP TABLE "related_postings" CASCADE;
  DROP TABLE "related_vectors" CASCADE;`)
}
