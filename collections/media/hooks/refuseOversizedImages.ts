import type { CollectionBeforeOperationHook } from 'payload'

import { ValidationError } from 'payload'

/**
 * Refuses images whose pixel count is over the limit before anything decodes them: a small
 * file can declare a huge canvas (a decompression bomb). Reading the header is enough.
 */
export const refuseOversizedImages =
  (maxPixels: number): CollectionBeforeOperationHook =>
  async ({ args, collection, operation, req }) => {
    if (operation !== 'create' && operation !== 'update' && operation !== 'updateByID') return args
    const file = req.file
    // The config's sharp (loaded on first use), not an import of our own that would load it at start-up.
    const sharp = req.payload.config.sharp
    if (!file?.data || !sharp) return args
    let width = 0
    let height = 0
    try {
      ;({ height = 0, width = 0 } = await sharp(file.data, { limitInputPixels: false }).metadata())
    } catch {
      // Not an image sharp can read: the upload's MIME type check answers that with its own error.
      return args
    }
    if (width * height > maxPixels) {
      throw new ValidationError({
        collection: collection.slug,
        errors: [
          {
            message: `The image is ${width}×${height} (${(width * height).toLocaleString('en')} pixels); images may have at most ${maxPixels.toLocaleString('en')} pixels.`,
            path: 'file',
          },
        ],
      })
    }
    return args
  }
