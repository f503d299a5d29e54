/**
 * Writes the migrations for a schema change, for SQLite and PostgreSQL alike:
 *   npm run migrate:create -- <name>
 * With --check it writes nothing and exits 1 when the committed migrations lag the config
 * (CI runs it so a schema change never lands without its migrations).
 *
 * Neither dialect needs a running database: Payload compares the config with the snapshot
 * stored beside the latest migration.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const DIALECTS = [
  { databaseUri: undefined, dir: 'src/migrations/sqlite', name: 'SQLite' },
  // Never connected to: migrate:create only needs the dialect.
  { databaseUri: 'postgres://postgres@127.0.0.1:5432/unused', dir: 'src/migrations/postgres', name: 'PostgreSQL' },
]

const check = process.argv.includes('--check')
const migrationName = check ? 'pending' : (process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'schema')
let lagging = false

for (const dialect of DIALECTS) {
  const before = new Set(readdirSync(dialect.dir))
  const indexFile = path.join(dialect.dir, 'index.ts')
  const indexBefore = readFileSync(indexFile, 'utf8')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Without it, importing the Lexical editor can end the CLI early with no output (PLATFORM.md).
    NODE_OPTIONS: '--conditions=development',
    PAYLOAD_SECRET: process.env.PAYLOAD_SECRET ?? 'only-generating-migrations',
  }
  if (dialect.databaseUri) env.DATABASE_URI = dialect.databaseUri
  else delete env.DATABASE_URI
  const result = spawnSync(
    process.execPath,
    [path.resolve('node_modules/payload/bin.js'), 'migrate:create', migrationName, '--skip-empty'],
    { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr)
    throw new Error(`payload migrate:create failed for ${dialect.name}`)
  }
  const added = readdirSync(dialect.dir).filter((file) => !before.has(file))
  if (added.length === 0) {
    console.log(`${dialect.name}: migrations are up to date with the config.`)
  } else if (check) {
    lagging = true
    for (const file of added) rmSync(path.join(dialect.dir, file))
    writeFileSync(indexFile, indexBefore)
    console.error(`${dialect.name}: the committed migrations lag the config. Run \`npm run migrate:create -- <name>\` and commit the result.`)
  } else {
    console.log(`${dialect.name}: wrote ${added.join(', ')}`)
  }
}

if (lagging) process.exit(1)
