/**
 * A request for a media file that is not on the disk is the client's miss, not the server's
 * failure: Payload's local-file handler answers 500 (and logs an ERROR) when the file is
 * missing, and 500 for a name holding a NUL byte (Node refuses such a path). This file handler
 * runs first and answers 404 and 400 instead. With local storage off (a cloud storage plugin
 * serves the files) it steps aside.
 */
import type { CollectionConfig, CollectionSlug, PayloadRequest } from 'payload'

import { stat } from 'node:fs/promises'
import path from 'node:path'

import { refuse } from '../../src/requestGuard/refuse'

type FileHandler = NonNullable<NonNullable<Exclude<CollectionConfig['upload'], boolean | undefined>>['handlers']>[number]

export function answerMissingFiles(slug: CollectionSlug): FileHandler {
  // Payload's type wants a Response or nothing from each promise; stepping aside is `undefined`.
  return (async (req: PayloadRequest, { params }: Parameters<FileHandler>[1]): Promise<Response | undefined> => {
    const upload = req.payload.collections[slug]?.config.upload
    if (!upload || upload.disableLocalStorage) return
    const { filename } = params
    if (filename.includes('\0')) return refuse({ message: 'must not contain a NUL character.', path: 'filename' })
    const directory = path.resolve(upload.staticDir || slug)
    const file = path.resolve(directory, filename)
    // Outside the folder: Payload's own handler refuses it (400).
    if (!file.startsWith(directory + path.sep)) return
    try {
      await stat(file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return Response.json({ errors: [{ message: 'Not Found' }] }, { headers: { 'Cache-Control': 'no-store' }, status: 404 })
      throw error
    }
    return undefined
  }) as FileHandler
}
