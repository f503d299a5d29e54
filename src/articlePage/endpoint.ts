import type { Endpoint } from 'payload'

import { assembleArticlePage } from './assembleArticlePage'

/** `GET /api/articles/page/:slug[?draft=true]`: the whole page of one article. */
export const articlePageEndpoint: Endpoint = {
  handler: async (req) => {
    const page = await assembleArticlePage(req, req.routeParams?.slug, { draft: req.searchParams.get('draft') === 'true' })
    return Response.json(page)
  },
  method: 'get',
  path: '/page/:slug',
}
