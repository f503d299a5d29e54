import config from '@payload-config'
import { GRAPHQL_POST, REST_OPTIONS } from '@payloadcms/next/routes'

import { guardGraphQLRequest } from '../../../../graphql/guardRequest'
import { graphQLLimitsFromEnv } from '../../../../graphql/index'

export const POST = guardGraphQLRequest(GRAPHQL_POST(config), graphQLLimitsFromEnv())
export const OPTIONS = REST_OPTIONS(config)
