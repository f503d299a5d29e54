import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`related_terms\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`term\` text NOT NULL,
  	\`documents\` numeric NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`related_terms_term_idx\` ON \`related_terms\` (\`term\`);`)
  await db.run(sql`CREATE TABLE \`related_postings\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`term\` text NOT NULL,
  	\`article_id\` integer NOT NULL,
  	\`weight\` numeric NOT NULL,
  	FOREIGN KEY (\`article_id\`) REFERENCES \`articles\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`related_postings_article_idx\` ON \`related_postings\` (\`article_id\`);`)
  await db.run(sql`CREATE INDEX \`term_weight_idx\` ON \`related_postings\` (\`term\`,\`weight\`);`)
  await db.run(sql`CREATE TABLE \`related_vectors\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`article_id\` integer NOT NULL,
  	\`fingerprint\` text NOT NULL,
  	\`length\` numeric NOT NULL,
  	\`self_score\` numeric NOT NULL,
  	\`terms\` text NOT NULL,
  	\`categories\` text NOT NULL,
  	\`published_at\` text NOT NULL,
  	FOREIGN KEY (\`article_id\`) REFERENCES \`articles\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`related_vectors_article_idx\` ON \`related_vectors\` (\`article_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`related_terms\`;`)
  await db.run(sql`DROP TABLE \`related_postings\`;`)
  await db.run(sql`DROP TABLE \`related_vectors\`;`)
}
