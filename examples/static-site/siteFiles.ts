/**
 * The site's folder as the builder writes it: every file written whole or not at all (a
 * temporary file, then a rename, so a reader never sees half a page), a file whose bytes did not
 * change not written at all, and a record of what was written and removed for the report.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * Writes a page whole or not at all: a reader (or the site's own server) never sees a file half
 * written or missing while it is rewritten, since rename replaces the old one in one step.
 */
export async function writePage(file: string, body: string) {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, body)
  await rename(temporary, file)
}

const digest = (body: string) => createHash('sha256').update(body).digest('base64url')

export class SiteFiles {
  /** What each file holds now, by its path from the site's root (as this process wrote it). */
  private readonly held = new Map<string, string>()
  readonly removed: string[] = []
  readonly written: string[] = []

  constructor(readonly outDir: string) {}

  /** Writes `body` at `page` unless it holds exactly that already. */
  async write(page: string, body: string) {
    const hash = digest(body)
    if (this.held.get(page) === hash) return
    await writePage(path.join(this.outDir, page), body)
    this.held.set(page, hash)
    this.written.push(page)
  }

  async remove(page: string) {
    this.held.delete(page)
    try {
      await rm(path.join(this.outDir, page))
      this.removed.push(page)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }

  /** The files under `folder` (a path from the site's root), recursively, as paths from the root. */
  async list(folder: string): Promise<string[]> {
    const entries = await readdir(path.join(this.outDir, folder), { recursive: true, withFileTypes: true }).catch(() => [])
    return entries.filter((entry) => entry.isFile()).map((entry) => path.posix.join(folder, path.relative(path.join(this.outDir, folder), path.join(entry.parentPath, entry.name)).split(path.sep).join('/')))
  }

  /** Empties the record of one build or delivery, for the next. */
  takeReport(): { removed: string[]; written: string[] } {
    const report = { removed: [...this.removed], written: [...this.written] }
    this.removed.length = 0
    this.written.length = 0
    return report
  }
}
