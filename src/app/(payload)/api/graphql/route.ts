import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'

import { withCacheTags } from '../../../../cacheTags/collector'
import { guardGraphQLRequest } from '../../../../graphql/guardRequest'
import { graphQLLimitsFromEnv } from '../../../../graphql/index'

export const POST = withCacheTags(guardGraphQLRequest(GRAPHQL_POST(config), graphQLLimitsFromEnv()))
export const OPTIONS = REST_OPTIONS(config)
