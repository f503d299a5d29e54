import config from '@payload-config'

import { graphQLRoutes } from '../../../../api/handlers'

const routes = graphQLRoutes(config)
export const POST = routes.POST
export const OPTIONS = routes.OPTIONS
