import type { CollectionConfig } from 'payload'

import path from 'node:path'

import { isAdminOrEditor } from '../../src/access/isAdminOrEditor'
import { anyone, isStaff } from '../../src/access/roleAccess'
import { GROUPS, MEDIA } from '../slugs'
import { refuseOversizedImages } from './hooks/refuseOversizedImages'
import { answerMissingFiles } from './missingFiles'

export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif']

/** An image as another document shows it: its alt text and the `card` size, not every size (the url is built from the size's filename). */
export const MEDIA_CARD = { alt: true, sizes: { card: { filename: true, height: true, url: true, width: true } } } as const

export function mediaCollection({ maxPixels, staticDir }: { maxPixels: number; staticDir: string }): CollectionConfig {
  return {
    slug: MEDIA,
    access: { create: isStaff, delete: isAdminOrEditor, read: anyone, update: isStaff },
    admin: { defaultColumns: ['filename', 'alt', 'credit', 'updatedAt'], group: GROUPS.content, useAsTitle: 'alt' },
    defaultPopulate: MEDIA_CARD,
    fields: [
      { name: 'alt', type: 'text', admin: { description: 'What the image shows, for readers who cannot see it.' }, required: true },
      { name: 'caption', type: 'text' },
      { name: 'credit', type: 'text' },
    ],
    hooks: { beforeOperation: [refuseOversizedImages(maxPixels)] },
    upload: {
      adminThumbnail: 'thumbnail',
      constructorOptions: { limitInputPixels: maxPixels },
      focalPoint: true,
      handlers: [answerMissingFiles(MEDIA)],
      imageSizes: [
        { name: 'thumbnail', width: 400 },
        { name: 'card', width: 800 },
        { height: 630, name: 'og', position: 'centre', width: 1200 },
      ],
      mimeTypes: IMAGE_MIME_TYPES,
      // Fetching a pasted URL server-side would let any staff member make the server call
      // arbitrary addresses; the admin fetches pasted URLs in the browser instead.
      pasteURL: false,
      staticDir: path.resolve(staticDir),
    },
  }
}
