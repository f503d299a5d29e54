/** Articles as the publishing rules want them: with Opinion, Action and To Do before going live. */
import type { Payload } from 'payload'

import type { Article, Section } from '../../src/payload-types'

import { lexicalParagraph } from '../../src/utilities/lexicalParagraph'

export const REQUIRED_KINDS = ['opinion', 'action', 'todo'] as const

/** A Lexical rich-text value holding one paragraph. */
export const paragraph = (text: string) => lexicalParagraph(text) as Section['body']

/** Creates a draft, gives it every required section, and publishes it the normal way. */
export async function publishArticle(
  payload: Payload,
  data: Partial<Article> & { title: string },
): Promise<{ article: Article; sections: Section[] }> {
  const draft = await payload.create({ collection: 'articles', data: { ...data, _status: 'draft' }, draft: true })
  const sections: Section[] = []
  for (const [order, kind] of REQUIRED_KINDS.entries()) {
    sections.push(
      await payload.create({ collection: 'sections', data: { article: draft.id, body: paragraph(`Our ${kind} on ${data.title}`), kind, order } }),
    )
  }
  const article = await payload.update({ collection: 'articles', data: { _status: 'published' }, id: draft.id })
  return { article, sections }
}
