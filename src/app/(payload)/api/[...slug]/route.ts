import config from '@payload-config'
import { REST_DELETE, REST_GET, REST_OPTIONS, REST_PATCH, REST_POST, REST_PUT } from '@payloadcms/next/routes'

import { withCacheTags } from '../../../../cacheTags/collector'
import { guardRest } from '../../../../requestGuard'

// Reads (HEAD runs GET) name what they hold for CDN purges.
export const GET = withCacheTags(guardRest(config, REST_GET(config)))
export const POST = guardRest(config, REST_POST(config))
export const DELETE = guardRest(config, REST_DELETE(config))
export const PATCH = guardRest(config, REST_PATCH(config))
export const PUT = guardRest(config, REST_PUT(config))
export const OPTIONS = REST_OPTIONS(config)
