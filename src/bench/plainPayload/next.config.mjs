import { withPayload } from '@payloadcms/next/withPayload'
import path from 'node:path'

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Broadside's `tsc --noEmit` checks these files; the repository's packages live three levels up.
  typescript: { ignoreBuildErrors: true },
  turbopack: { root: path.resolve(import.meta.dirname, '../../..') },
}

export default withPayload(nextConfig)
