/**
 * `npm run import -- <file|dir>… [--publish] [--petition <slug>] [--dry-run]`
 *
 * Imports saved pages into the database the server uses (the same payload.config.ts and
 * environment). Safe beside a running server: every write is an ordinary Local API call in a
 * short transaction per page, and this process runs no jobs (the server's runner sends the
 * webhooks a publish queues). Exit code 1 when any file failed or could not be published.
 */
import nextEnv from '@next/env'
import cliProgress from 'cli-progress'
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'

import type { ImportReport, PageFile } from '../import/importPages'

const USAGE = 'Usage: npm run import -- <file|dir>… [--publish] [--petition <slug>] [--dry-run]'

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production')
process.env.NEXT_TELEMETRY_DISABLED ??= '1'
// `npm run import` sets no NODE_ENV, and outside production getPayload opens a WebSocket to
// Next's dev reloader at localhost:$PORT. With `npm start` serving that port, the socket was
// never answered nor closed and kept this process alive after its summary. A CLI reloads nothing.
process.env.DISABLE_PAYLOAD_HMR = 'true'

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        help: { short: 'h', type: 'boolean' },
        petition: { type: 'string' },
        publish: { type: 'boolean' },
      },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const { positionals, values } = parsed
  if (values.help || positionals.length === 0) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }

  const files = await readPageFiles(positionals)
  if (files.length === 0) {
    console.error(`No .txt pages found in ${positionals.join(', ')}.`)
    return 1
  }

  const { getPayload } = await import('payload')
  const { default: config } = await import('../../payload.config')
  const { closeDatabase } = await import('../database/closeDatabase')
  const { importPages } = await import('../import/importPages')
  const payload = await getPayload({ config })
  const bar =
    files.length > 1 && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'Importing [{bar}] {percentage}% | {value}/{total} steps | {file}', stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined
  try {
    bar?.start(1, 0, { file: '' })
    const report = await importPages(payload, files, {
      dryRun: values['dry-run'],
      onProgress: (done, total, file) => {
        bar?.setTotal(total)
        bar?.update(done, { file: path.basename(file) })
      },
      petition: values.petition,
      publish: values.publish,
    })
    bar?.stop()
    printReport(report, Boolean(values['dry-run']))
    return report.failed > 0 || report.notPublished > 0 ? 1 : 0
  } catch (error) {
    bar?.stop()
    console.error(`Import stopped: ${(error as Error).message}`)
    return 1
  } finally {
    await closeDatabase(payload)
  }
}

/** Files as named; directories searched (recursively) for .txt files, in name order. */
async function readPageFiles(targets: string[]): Promise<PageFile[]> {
  const names: string[] = []
  for (const target of targets) {
    const info = await stat(target).catch(() => undefined)
    if (!info) names.push(target) // reported as a failed file below
    else if (info.isDirectory()) {
      const entries = await readdir(target, { recursive: true, withFileTypes: true })
      const pages = entries.filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.txt'))
      names.push(...pages.map((entry) => path.join(entry.parentPath, entry.name)).sort())
    } else names.push(target)
  }
  return Promise.all(
    names.map((name) =>
      readFile(name, 'utf8').then(
        (text): PageFile => ({ name, text }),
        (error: Error): PageFile => ({ name, unreadable: error.message }),
      ),
    ),
  )
}

function printReport(report: ImportReport, dryRun: boolean): void {
  for (const page of report.pages) {
    if (page.status === 'failed') console.error(`✗ ${page.file}: ${page.problems.join('; ')}`)
    else if (page.problems.length > 0) console.error(`! ${page.file} (${page.title}): ${page.problems.join('; ')}`)
  }
  const would = dryRun ? 'would be ' : ''
  const parts = [`${report.created} ${would}created`, `${report.updated} ${would}updated`, `${report.failed} failed`]
  if (!dryRun && report.published + report.notPublished > 0) parts.push(`${report.published} published`, `${report.notPublished} left as drafts`)
  if (report.categoriesCreated.length > 0) parts.push(`new categories: ${report.categoriesCreated.join(', ')}`)
  console.log(`${dryRun ? 'Dry run — nothing written. ' : ''}${report.pages.length} pages: ${parts.join(', ')}`)
}

process.exitCode = await main()
