/**
 * The preview routes, `/api/articles/:id/live-preview`: GET answers the article's page as the
 * site renders it, from the latest draft; POST answers the same page with the editor's unsaved
 * form values (`{ data }`) in place of the stored article fields. Both read everything with the
 * signed-in user's access (an author previews only what authors may read) and write nothing.
 * Visitors get 401. Every answer is private and never stored: the read cache passes these paths
 * by (src/readCache/requestKey.ts), and the answers say `no-store` to anything in between.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { addDataAndFileToRequest, APIError } from 'payload'

import type { ArticleOverlay } from '../articlePage/index'
import type { RenderPreview } from './types'

import { assembleArticlePageById } from '../articlePage/index'
import { type Problem, refuse } from '../requestGuard/refuse'
import { readFormOverlay } from './formOverlay'
import { previewScriptTag } from './previewScript'

export const PREVIEW_PATH = 'live-preview'

const PRIVATE = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }

function refusal(problem: Problem, status = 400): Response {
  const response = refuse(problem, status)
  for (const [name, value] of Object.entries(PRIVATE)) response.headers.set(name, value)
  return response
}

/** The page's HTML with the live-preview script before `</body>`. */
export function withPreviewScript(html: string): string {
  const end = html.lastIndexOf('</body>')
  return end === -1 ? html + previewScriptTag : `${html.slice(0, end)}${previewScriptTag}\n${html.slice(end)}`
}

async function previewAnswer(req: PayloadRequest, render: RenderPreview, overlay?: ArticleOverlay): Promise<Response> {
  let html: string
  try {
    const page = await assembleArticlePageById(req, req.routeParams!.id as string, { draft: true, overlay })
    html = await render(page, req)
  } catch (error) {
    // Not found (or not the caller's to read), or a value the page's reads refused.
    if (error instanceof APIError && error.status < 500) return refusal({ message: error.message, path: error.status === 404 ? 'id' : 'data' }, error.status)
    throw error
  }
  return new Response(withPreviewScript(html), { headers: { ...PRIVATE, 'Content-Type': 'text/html; charset=utf-8' } })
}

const signInFirst = () => refusal({ message: 'sign in to the admin to preview an article.', path: 'Authorization' }, 401)

export function previewEndpoints(render: RenderPreview): Endpoint[] {
  return [
    {
      handler: async (req) => (req.user ? previewAnswer(req, render) : signInFirst()),
      method: 'get',
      path: `/:id/${PREVIEW_PATH}`,
    },
    {
      handler: async (req) => {
        if (!req.user) return signInFirst()
        await addDataAndFileToRequest(req)
        const overlay = readFormOverlay(req.payload, req.data)
        return overlay.ok ? previewAnswer(req, render, overlay.value) : refusal(overlay.problem)
      },
      method: 'post',
      path: `/:id/${PREVIEW_PATH}`,
    },
  ]
}
