/**
 * sharp, loaded the first time Payload resizes an image rather than at start-up: its native
 * image library adds ~19 MB to every server process, and most processes (a read replica, a
 * server between uploads, the CLI) never process an image. Payload only ever calls `sharp(…)`.
 */
import type sharpType from 'sharp'

import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let loaded: typeof sharpType | undefined

export const lazySharp = ((...args: Parameters<typeof sharpType>) => (loaded ??= require('sharp') as typeof sharpType)(...args)) as typeof sharpType
