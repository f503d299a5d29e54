/**
 * The `ArticlePage(slug: String!, draft: Boolean)` GraphQL query: the same page the REST
 * endpoint answers, field for field. Its types are its own (not Payload's collection types,
 * whose relationship fields would fetch again what the page already holds). Rich text, image
 * sizes and typed actions (each with its `blockType`) come as JSON, as stored.
 */
import type * as GraphQLTypes from 'graphql'
import type { PayloadRequest, SanitizedConfig } from 'payload'

import { GraphQLJSON } from '@payloadcms/graphql/types'

import { assembleArticlePage } from './assembleArticlePage'

type GraphQLModule = typeof GraphQLTypes

/**
 * What the cost rule (src/graphql/queryCost.ts) counts for one page, besides the objects selected
 * under it. Measured over HTTP on SQLite, a full page takes as long as two to three `Article(id)`
 * lookups (each weighed about 60) or one and a half to two lists of 10 articles (about 140).
 */
export const ARTICLE_PAGE_COST = 200

export function articlePageQuery(GraphQL: GraphQLModule, config: SanitizedConfig) {
  const { GraphQLBoolean, GraphQLFloat, GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString } = GraphQL
  const ID = config.db.defaultIDType === 'number' ? GraphQLInt : GraphQLString
  const list = (type: InstanceType<typeof GraphQLObjectType> | typeof GraphQLJSON) => new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type)))
  const imageFields = { height: { type: GraphQLFloat }, id: { type: new GraphQLNonNull(ID) }, url: { type: GraphQLString }, width: { type: GraphQLFloat } }

  const Image = new GraphQLObjectType({
    name: 'ArticlePageImage',
    fields: { ...imageFields, alt: { type: GraphQLString }, caption: { type: GraphQLString }, credit: { type: GraphQLString }, sizes: { type: GraphQLJSON } },
  })
  const ImageCard = new GraphQLObjectType({ name: 'ArticlePageImageCard', fields: { ...imageFields, alt: { type: GraphQLString } } })
  const Breadcrumb = new GraphQLObjectType({ name: 'ArticlePageBreadcrumb', fields: { name: { type: GraphQLString }, slug: { type: GraphQLString } } })
  const Category = new GraphQLObjectType({
    name: 'ArticlePageCategory',
    fields: {
      breadcrumbs: { type: list(Breadcrumb) },
      id: { type: new GraphQLNonNull(ID) },
      name: { type: GraphQLString },
      parent: { type: ID },
      slug: { type: GraphQLString },
    },
  })
  const Source = new GraphQLObjectType({
    name: 'ArticlePageSource',
    fields: { byline: { type: GraphQLString }, outlet: { type: GraphQLString }, publishedAt: { type: GraphQLString }, url: { type: GraphQLString } },
  })
  const Article = new GraphQLObjectType({
    name: 'ArticlePageArticle',
    fields: {
      body: { type: GraphQLJSON },
      categories: { type: list(Category) },
      heroImage: { type: Image },
      id: { type: new GraphQLNonNull(ID) },
      publishedAt: { type: GraphQLString },
      slug: { type: GraphQLString },
      source: { type: new GraphQLNonNull(Source) },
      summary: { type: GraphQLString },
      title: { type: GraphQLString },
    },
  })
  const Section = new GraphQLObjectType({
    name: 'ArticlePageSection',
    fields: {
      actions: { type: list(GraphQLJSON) },
      body: { type: GraphQLJSON },
      heading: { type: GraphQLString },
      id: { type: new GraphQLNonNull(ID) },
      kind: { type: GraphQLString },
      label: { type: GraphQLString },
    },
  })
  const Petition = new GraphQLObjectType({
    name: 'ArticlePagePetition',
    fields: {
      closesAt: { type: GraphQLString },
      consentText: { type: GraphQLString },
      externalUrl: { type: GraphQLString },
      goal: { type: GraphQLFloat },
      id: { type: new GraphQLNonNull(ID) },
      signatureCount: { type: new GraphQLNonNull(GraphQLInt) },
      slug: { type: GraphQLString },
      status: { type: GraphQLString },
      summary: { type: GraphQLString },
      title: { type: GraphQLString },
    },
  })
  const Card = new GraphQLObjectType({
    name: 'ArticlePageCard',
    fields: {
      heroImage: { type: ImageCard },
      id: { type: new GraphQLNonNull(ID) },
      publishedAt: { type: GraphQLString },
      slug: { type: GraphQLString },
      source: { type: new GraphQLNonNull(new GraphQLObjectType({ name: 'ArticlePageCardSource', fields: { outlet: { type: GraphQLString } } })) },
      summary: { type: GraphQLString },
      title: { type: GraphQLString },
    },
  })
  const External = new GraphQLObjectType({
    name: 'ArticlePageExternalLink',
    fields: { outlet: { type: GraphQLString }, publishedAt: { type: GraphQLString }, title: { type: GraphQLString }, url: { type: GraphQLString } },
  })
  const RelatedLink = new GraphQLObjectType({ name: 'ArticlePageRelatedLink', fields: { article: { type: Card }, external: { type: External } } })
  const Page = new GraphQLObjectType({
    name: 'ArticlePage',
    description: 'Everything one article page shows; the same as GET /api/articles/page/:slug.',
    fields: {
      article: { type: new GraphQLNonNull(Article) },
      petition: { type: Petition },
      relatedLinks: { type: list(RelatedLink) },
      sections: { type: list(Section) },
    },
  })

  return {
    args: {
      draft: { description: 'Signed-in staff: show the latest drafts they may read. Ignored for visitors.', type: GraphQLBoolean },
      slug: { type: new GraphQLNonNull(GraphQLString) },
    },
    description: 'The page of the article with this slug: published content only unless a signed-in user asks for drafts.',
    extensions: { cost: ARTICLE_PAGE_COST },
    resolve: (_source: unknown, args: { draft?: boolean | null; slug: string }, context: { req: PayloadRequest }) =>
      assembleArticlePage(context.req, args.slug, { draft: args.draft === true }),
    type: new GraphQLNonNull(Page),
  }
}
