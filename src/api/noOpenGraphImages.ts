/**
 * Payload's REST route adds an Open Graph image renderer at `GET /api/og` on its first request
 * unless the config already has an endpoint there. It renders a PNG of any title and
 * description anyone sends — seconds of CPU for a long one, uncached — and Broadside's admin
 * has no use for it (admin pages ask for no OG image: `defaultOGImageType: 'off'`). This
 * endpoint holds the path, so it answers 404 like any other unknown route.
 */
import type { Endpoint } from 'payload'

export const noOpenGraphImages: Endpoint = {
  handler: () => Response.json({ errors: [{ message: 'Not Found' }] }, { status: 404 }),
  method: 'get',
  path: '/og',
}
