import { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { respellSignerEmails } from '../../../collections/petitions/migrations/respellSignerEmails'

// Signers' emails get one spelling (domain in ASCII, Unicode NFC); rows that turn out to be one
// mailbox on one petition become one, and the counter follows (see respellSignerEmails).
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await respellSignerEmails({ db: db as never, dialect: 'postgres' })
}

// Merged rows cannot be split again, and the ASCII spelling is as valid a spelling as the other.
export async function down(_args: MigrateDownArgs): Promise<void> {}
