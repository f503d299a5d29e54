import { withPayload } from '@payloadcms/next/withPayload'

/**
 * Payload and its database adapters stay outside the Next bundle in production too (Payload
 * already does so in development). The express host initialises Payload before Next serves a
 * request, and Next's route handlers then reuse that same instance — one set of connections,
 * one job runner, one copy of Payload's classes — instead of starting a second one.
 */
const sharedServerPackages = [
  'payload',
  '@payloadcms/db-mongodb',
  '@payloadcms/db-postgres',
  '@payloadcms/db-sqlite',
  '@payloadcms/drizzle',
  '@payloadcms/graphql',
  'async-mutex',
  'sharp',
]

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // CI type-checks the whole project with \`tsc --noEmit\`; Next's own check would repeat it on
  // every build (and on every first `npm start`) for ~15 s.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: sharedServerPackages,
  experimental: {
    // Next loads every page and route at start by default. The host answers /api itself, so the
    // route bundles would sit unused, and a server that only serves reads would hold the admin
    // panel's (tens of MB, measured in a heap snapshot); the admin loads on its first visit.
    preloadEntriesOnStart: false,
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
