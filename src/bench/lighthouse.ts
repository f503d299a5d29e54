/**
 * Lighthouse (the `lighthouse` package, pinned to 12.2.3: 13 wants Node 22) scoring a page
 * served on loopback, in Debian's Chromium started here with a DevTools port. The page must be
 * on 127.0.0.1: Chromium runs with background networking off, and nothing else is fetched.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { CHROMIUM_FLAGS, chromiumPath } from '../../tests/helpers/browser'

export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
export type LighthouseScores = Record<(typeof LIGHTHOUSE_CATEGORIES)[number], number> & { failed: string[] }

type LighthouseResult = {
  audits: Record<string, { score: null | number; title: string }>
  categories: Record<string, { auditRefs: { id: string; weight: number }[]; id: string; score: null | number }>
}

export async function lighthouseScores(url: string): Promise<LighthouseScores> {
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d+)?\//.test(url)) throw new Error(`Lighthouse runs on loopback pages only; got ${url}`)
  const profile = mkdtempSync(path.join(os.tmpdir(), 'broadside-lighthouse-'))
  const chromium = spawn(
    chromiumPath(),
    [
      '--headless=new',
      ...CHROMIUM_FLAGS,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  try {
    const port = await devToolsPort(chromium)
    const run = await promisify(execFile)(process.execPath, [path.join(import.meta.dirname, 'lighthouseRun.mjs'), url, String(port), LIGHTHOUSE_CATEGORIES.join(',')], {
      maxBuffer: 64 * 1024 * 1024,
    })
    const { audits, categories } = JSON.parse(run.stdout) as LighthouseResult
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100)
    // What cost points, so a missed target says where to look.
    const failed = Object.values(categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 0.9)
        .map((ref) => `${category.id}: ${audits[ref.id]!.title}`),
    )
    return { accessibility: score('accessibility'), 'best-practices': score('best-practices'), failed, performance: score('performance'), seo: score('seo') }
  } finally {
    // Its profile folder is in use until it has exited.
    const exited = chromium.exitCode !== null || new Promise((resolve) => chromium.once('exit', resolve))
    chromium.kill()
    await exited
    rmSync(profile, { force: true, recursive: true })
  }
}

/** Chromium prints "DevTools listening on ws://127.0.0.1:<port>/…" once ready. */
function devToolsPort(chromium: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port: ${seen.slice(-500)}`)), 30_000)
    chromium.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      const match = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    chromium.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Chromium exited (${code}) before opening its DevTools port: ${seen.slice(-500)}`))
    })
  })
}
