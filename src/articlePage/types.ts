/**
 * The article page: everything one page of the site shows, in the shape REST
 * (`GET /api/articles/page/:slug`), GraphQL (`ArticlePage`) and the Local API
 * (`assembleArticlePage`) all answer. A public contract, documented in the README.
 */
type Id = number | string

export type ArticlePagePluginOptions = {
  /**
   * Keep nothing of the page: no endpoint, no GraphQL query (the page holds no schema of its own).
   * @default false
   */
  disabled?: boolean
}

/** An image size as the page needs it. */
export type ImageSize = { height: null | number; url: null | string; width: null | number }

/** The article's own hero image: the original and each generated size. */
export type PageImage = ImageSize & {
  alt: null | string
  caption: null | string
  credit: null | string
  id: Id
  sizes: Record<string, ImageSize>
}

/** A linked article's image: the `card` size (the original when none was made). */
export type ImageCard = ImageSize & { alt: null | string; id: Id }

export type PageCategory = {
  /** From the top category down to this one. */
  breadcrumbs: { name: string; slug: null | string }[]
  id: Id
  name: string
  parent: Id | null
  slug: null | string
}

export type PageArticle = {
  body: unknown
  categories: PageCategory[]
  heroImage: null | PageImage
  id: Id
  publishedAt: null | string
  slug: null | string
  source: { byline: null | string; outlet: null | string; publishedAt: null | string; url: null | string }
  summary: null | string
  title: string
}

/** A typed action as stored (`blockType` names its kind); a petition of ours comes as a small card. */
export type PageAction = Record<string, unknown> & { blockType: string; id?: null | string }

export type PageSection = {
  actions: PageAction[]
  body: unknown
  heading: null | string
  id: Id
  kind: string
  /** The kind's name ("To Do"), for a section without a heading of its own. */
  label: string
}

export type PagePetition = {
  closesAt: null | string
  /** The opt-in wording shown beside the signing form's consent box (empty: the site's own). */
  consentText: null | string
  externalUrl: null | string
  goal: null | number
  id: Id
  signatureCount: number
  slug: null | string
  status: null | string
  summary: null | string
  title: null | string
}

export type ArticleCard = {
  heroImage: ImageCard | null
  id: Id
  publishedAt: null | string
  slug: null | string
  source: { outlet: null | string }
  summary: null | string
  title: string
}

/** One entry of the related list: one of our articles, or a headline elsewhere. */
export type PageRelatedLink = {
  article: ArticleCard | null
  external: { outlet: null | string; publishedAt: null | string; title: null | string; url: null | string } | null
}

export type ArticlePage = {
  article: PageArticle
  petition: null | PagePetition
  relatedLinks: PageRelatedLink[]
  sections: PageSection[]
}
