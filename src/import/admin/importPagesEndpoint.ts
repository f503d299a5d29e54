/**
 * POST /api/import-pages — multipart: one or more `files` (saved `.txt` pages) and `_payload`
 * `{ "dryRun"?: boolean, "publish"?: boolean }`. Admins and editors only.
 *
 * Every file is checked (a dry run of the importer, which runs the collections' own field
 * checks on what each page would write) before anything is written: a file that is not a
 * readable page, or holds a value its save would refuse, answers 400 naming the file and its
 * problems, and nothing is imported. A dry run answers the report; otherwise the pages are
 * imported in one transaction — a page that still fails leaves nothing of any page, and answers
 * the same 400 — then published when asked, and the report says what happened to each.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { Forbidden } from 'payload'

import type { ImportLimits } from './limits'

import { hasRole } from '../../access/roles'
import { type ImportReport, importPages, NOT_KEPT, type PageFile, type PageOutcome } from '../importPages'
import { IMPORT_PAGES_PATH } from './limits'

type Refusal = { message: string; file?: string; problems?: string[] }

const refuse = (status: number, errors: Refusal[], extra: object = {}) => Response.json({ errors, ...extra }, { status })

export const importPagesEndpoint = (limits: ImportLimits): Endpoint => ({
  handler: async (req) => {
    if (!hasRole(req.user, 'admin', 'editor')) throw new Forbidden(req.t)
    const declared = Number(req.headers.get('content-length') ?? NaN)
    if (!Number.isFinite(declared)) return refuse(411, [{ message: 'Send a Content-Length header with the upload.' }])
    if (declared > limits.maxRequestBytes) {
      return refuse(413, [{ message: `The upload is ${kB(declared)}; one import may send at most ${kB(limits.maxRequestBytes)}.` }])
    }
    const read = await readUpload(req, limits)
    if ('refusal' in read) return read.refusal
    const check = await importPages(req.payload, read.files, { dryRun: true })
    if (check.failed > 0) return refuseFailed(check)
    if (read.dryRun) return Response.json({ dryRun: true, report: check })
    const report = await importPages(req.payload, read.files, { allOrNothing: true, publish: read.publish })
    // Only the page that failed is named: the others failed for its sake (nothing was kept).
    if (report.failed > 0) return refuseFailed(report, (page) => !page.problems[0]?.startsWith(NOT_KEPT))
    return Response.json({ dryRun: false, report })
  },
  method: 'post',
  path: IMPORT_PAGES_PATH,
})

function refuseFailed(report: ImportReport, named: (page: PageOutcome) => boolean = () => true): Response {
  const failed = report.pages.filter((page) => page.status === 'failed' && named(page))
  return refuse(
    400,
    failed.map((page) => ({ file: page.file, message: `${page.file}: ${page.problems.join('; ')}`, problems: page.problems })),
    { report },
  )
}

type Upload = { dryRun: boolean; files: PageFile[]; publish: boolean }

async function readUpload(req: PayloadRequest, limits: ImportLimits): Promise<Upload | { refusal: Response }> {
  let form: FormData
  try {
    form = await req.formData!()
  } catch {
    return { refusal: refuse(400, [{ message: 'Send the pages as multipart/form-data, each in a field named "files".' }]) }
  }
  const options = readOptions(form.get('_payload'))
  if (typeof options === 'string') return { refusal: refuse(400, [{ message: `_payload: ${options}` }]) }
  const uploads = form.getAll('files')
  if (uploads.length === 0) return { refusal: refuse(400, [{ message: 'files: choose at least one saved page (.txt).' }]) }
  if (uploads.length > limits.maxFiles) return { refusal: refuse(400, [{ message: `files: ${uploads.length} sent; one import takes at most ${limits.maxFiles}.` }]) }
  const files: PageFile[] = []
  const problems: Refusal[] = []
  const decoder = new TextDecoder('utf-8', { fatal: true })
  for (const upload of uploads) {
    if (typeof upload === 'string') {
      problems.push({ message: 'files: each must be a file, not text.' })
      continue
    }
    const name = upload.name || 'unnamed file'
    const problem = !name.toLowerCase().endsWith('.txt')
      ? 'only saved pages as .txt files can be imported'
      : upload.size > limits.maxFileBytes
        ? `${kB(upload.size)}; a page may be at most ${kB(limits.maxFileBytes)}`
        : undefined
    if (problem) {
      problems.push({ file: name, message: `${name}: ${problem}`, problems: [problem] })
      continue
    }
    try {
      files.push({ name, text: decoder.decode(await upload.arrayBuffer()) })
    } catch {
      const notText = 'is not UTF-8 text'
      problems.push({ file: name, message: `${name}: ${notText}`, problems: [notText] })
    }
  }
  if (problems.length > 0) return { refusal: refuse(400, problems) }
  return { ...options, files }
}

function readOptions(field: FormDataEntryValue | null): string | { dryRun: boolean; publish: boolean } {
  if (field === null) return { dryRun: false, publish: false }
  if (typeof field !== 'string') return 'must be JSON text, not a file'
  let value: unknown
  try {
    value = JSON.parse(field)
  } catch {
    return 'is not JSON'
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'must be a JSON object'
  const { dryRun = false, publish = false } = value as Record<string, unknown>
  if (typeof dryRun !== 'boolean') return 'dryRun must be true or false'
  if (typeof publish !== 'boolean') return 'publish must be true or false'
  return { dryRun, publish }
}

function kB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} kB`
}
