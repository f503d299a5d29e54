/** Shared by the endpoint (which enforces them) and the view (which states them). */
export type ImportLimits = {
  /** Files in one request. */
  maxFiles: number
  /** Bytes of one file. */
  maxFileBytes: number
  /** Bytes of the whole request. */
  maxRequestBytes: number
}

export const IMPORT_LIMITS: ImportLimits = { maxFileBytes: 512 * 1024, maxFiles: 50, maxRequestBytes: 4 * 1024 * 1024 }

/** The admin view's path (under the admin route) and the endpoint's (under the API route). */
export const IMPORT_PAGES_PATH = '/import-pages'
