/**
 * Keeps the term index and every automatic "Related Articles" list in step with what is
 * published, inside the transaction of the change: an article that goes live is indexed, gets
 * its own list, and enters the lists of the articles it outscores the weakest entry of; one that
 * changes is re-indexed and the lists holding it are rebuilt; one that leaves (unpublished or
 * deleted) leaves the index and every list, and those lists refill. The scoring is the pure
 * engine in src/related; this file fetches and stores.
 */
import type { PayloadRequest } from 'payload'

import { createHash } from 'node:crypto'

import { convertLexicalToPlaintext } from '@payloadcms/richtext-lexical/plaintext'

import type { CorpusStats, Neighbours, RelatedScore, ScoringDocument, ScoringOptions } from '../../src/related/scoreRelated'
import type { Id, IndexedArticle, LinkChanges, RelatedStore, StoredLink } from './relatedStore'

import { ARTICLES, CATEGORIES } from '../../collections/slugs'
import { termFrequencies } from '../../src/related/analyzeText'
import { CANDIDATE_DEFAULTS, rankCandidates, signature } from '../../src/related/candidates'
import { enterList, listChanges, planList, type PlannedList } from '../../src/related/relatedList'
import { indexForm, scoreRelated } from '../../src/related/scoreRelated'
import { liveVersion } from '../../src/utilities/liveVersion'
import { relationId } from '../../src/utilities/relationId'
import { corpusStats, countsWith, relatedStore } from './relatedStore'

export type RelatedOptions = {
  /** Automatic links per article. */
  linksPerArticle: number
  scoring?: ScoringOptions
}

/** Title words weigh most, then the lede, then the body. */
const FIELD_BOOSTS = { body: 1, summary: 2, title: 3 }
/** Recent articles sharing a category are candidates even without shared signature terms. */
const CATEGORY_CANDIDATES = 20
/** How many of a new article's best matches are offered its place in their own lists. */
const REVERSE_FACTOR = 2

export type ArticleDoc = {
  _status?: null | string
  body?: unknown
  categories?: unknown
  id: Id
  publishedAt?: null | string
  summary?: null | string
  title?: null | string
  updatedAt?: string
}

/** An article's content as the index compares it: all its weighted terms, its categories and publication time. */
export type ArticleContent = Omit<IndexedArticle, 'selfScore'>

export function articleContent(article: ArticleDoc): ArticleContent {
  const body = article.body ? convertLexicalToPlaintext({ data: article.body as never }) : ''
  const terms = termFrequencies([
    { boost: FIELD_BOOSTS.title, text: article.title ?? '' },
    { boost: FIELD_BOOSTS.summary, text: article.summary ?? '' },
    { boost: FIELD_BOOSTS.body, text: body },
  ])
  let length = 0
  for (const tf of terms.values()) length += tf
  const categories = (Array.isArray(article.categories) ? article.categories : [])
    .map(relationId)
    .filter((id): id is Id => id !== undefined)
    .map(String)
    .sort()
  const publishedAt = new Date(article.publishedAt ?? article.updatedAt ?? 0)
  const fingerprint = createHash('sha1')
    .update(JSON.stringify([[...terms].sort(([x], [y]) => (x < y ? -1 : 1)), categories, publishedAt.toISOString()]))
    .digest('base64url')
  return { article: article.id, categories, fingerprint, length, publishedAt, terms }
}

/** The article as the index stores it, under the corpus statistics of the moment. */
export function indexedArticle(content: ArticleContent, stats: CorpusStats, scoring?: ScoringOptions): IndexedArticle {
  const form = indexForm({ ...content, id: content.article }, stats, scoring)
  return { ...content, selfScore: form.selfScore!, terms: form.terms }
}

const scoringDocument = (article: IndexedArticle): ScoringDocument => ({ ...article, id: article.article })
const same = (x: unknown, y: unknown) => x !== undefined && y !== undefined && String(x) === String(y)

/**
 * The article as it is live: `undefined` unless published. A publish hands over the live
 * document; a draft save hands over the draft and leaves the live one as it was, so that case
 * reads it.
 */
async function liveArticle(req: PayloadRequest, id: Id, changed?: ArticleDoc): Promise<ArticleDoc | undefined> {
  if (changed?._status === 'published') return changed
  const doc = await liveVersion<ArticleDoc>(req, ARTICLES, id, {
    _status: true,
    body: true,
    categories: true,
    publishedAt: true,
    summary: true,
    title: true,
    updatedAt: true,
  })
  return doc?._status === 'published' ? doc : undefined
}

async function linksOf(store: RelatedStore, owners: Id[]): Promise<Map<string, StoredLink[]>> {
  const byOwner = new Map<string, StoredLink[]>()
  for (const link of owners.length === 0 ? [] : await store.links(owners)) {
    byOwner.set(String(link.from), [...(byOwner.get(String(link.from)) ?? []), link])
  }
  return byOwner
}

/**
 * Shared categories are stored by name, so editors can read why two articles are linked. The
 * categories two articles share are the owner's, so one lookup names every reason of a list.
 */
async function categoryNames(req: PayloadRequest, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0 || !req.payload.collections[CATEGORIES]) return new Map()
  const { docs } = await req.payload.find({
    collection: CATEGORIES,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: { name: true },
    where: { id: { in: ids } },
  })
  return new Map(docs.map((doc) => [String(doc.id), doc.name]))
}

const named = (scores: RelatedScore[], names: Map<string, string>): RelatedScore[] =>
  scores.map((score) => ({
    ...score,
    reason: { ...score.reason, sharedCategories: score.reason.sharedCategories.map((id) => names.get(id) ?? id) },
  }))

type Plan = { links: StoredLink[]; owner: Id; plan: PlannedList }

async function writePlans(store: RelatedStore, plans: Plan[]): Promise<void> {
  const all: LinkChanges = { add: [], remove: [], update: [] }
  for (const { links, owner, plan } of plans) {
    const { add, remove, update } = listChanges(links, plan)
    all.add.push(...add.map((entry) => ({ from: owner, position: entry.position, reason: entry.reason, score: entry.score, to: entry.id })))
    all.remove.push(...remove)
    all.update.push(...update)
  }
  await store.writeLinks(all)
}

/** An article that is not published keeps its editors' links but no automatic ones. */
async function clearAutoLinks(store: RelatedStore, owner: Id): Promise<void> {
  const links = await store.links([owner])
  await store.writeLinks({ add: [], remove: links.filter((link) => link.origin === 'auto').map((link) => link.id), update: [] })
}

/** What rebuilding an article's list found, reused to offer the article to its matches' lists. */
type Scored = { candidates: IndexedArticle[]; lists: Map<string, Id[]>; names: Map<string, string>; scored: RelatedScore[]; stats: CorpusStats }

/** Rebuilds one published article's automatic list from the index; returns what it scored, best first. */
async function rebuildList(
  req: PayloadRequest,
  store: RelatedStore,
  article: IndexedArticle,
  options: RelatedOptions,
  knownStats?: CorpusStats,
): Promise<Scored> {
  const stats = knownStats ?? corpusStats(await store.corpus(article.terms.keys()))
  const names = await categoryNames(req, article.categories)
  const query = signature(article.terms, stats)
  const found = await store.postings(
    query.map((term) => term.term),
    CANDIDATE_DEFAULTS.postingsPerTerm,
  )
  const ids = new Set([...rankCandidates(query, found, stats), ...(await store.recentInCategories(article.categories, CATEGORY_CANDIDATES))].map(String))
  ids.delete(String(article.article))
  const candidates = await store.vectors([...ids])
  const lists = await store.autoLists(candidates.map((candidate) => candidate.article))
  const neighbours: Neighbours = { of: (candidate) => lists.get(String(candidate)), size: options.linksPerArticle }
  const scored = named(
    scoreRelated(scoringDocument(article), candidates.map(scoringDocument), stats, options.scoring, neighbours).slice(
      0,
      options.linksPerArticle * REVERSE_FACTOR,
    ),
    names,
  )
  const links = (await linksOf(store, [article.article])).get(String(article.article)) ?? []
  await writePlans(store, [{ links, owner: article.article, plan: planList(article.article, links, scored, options.linksPerArticle) }])
  return { candidates, lists, names, scored, stats }
}

async function rebuildListOf(req: PayloadRequest, store: RelatedStore, owner: Id, options: RelatedOptions): Promise<void> {
  const [article] = await store.vectors([owner])
  if (article) await rebuildList(req, store, article, options)
  else await clearAutoLinks(store, owner)
}

/**
 * Offers `article` a place in the lists of its best matches, scored from their side (their
 * stored self-similarity makes that need only the shared terms' counts, which `stats` has);
 * returns the lists it entered.
 */
async function enterTheirLists(
  store: RelatedStore,
  article: IndexedArticle,
  { candidates, lists, names, scored, stats }: Scored,
  skip: Set<string>,
  options: RelatedOptions,
): Promise<Id[]> {
  const wanted = new Set(scored.map((score) => String(score.id)).filter((id) => !skip.has(id)))
  const targets = candidates.filter((candidate) => wanted.has(String(candidate.article)))
  if (targets.length === 0) return []
  // The categories a target shares with `article` are among the article's, which `names` holds.
  // Shared neighbours, seen from a target: its own list against the article's new one.
  const articleList = scored.slice(0, options.linksPerArticle).map((score) => score.id)
  const fromTheirSide = named(
    targets.flatMap((target) =>
      scoreRelated(scoringDocument(target), [scoringDocument(article)], stats, options.scoring, {
        of: () => articleList,
        query: lists.get(String(target.article)) ?? [],
        size: options.linksPerArticle,
      }).map((score) => ({
        ...score,
        id: target.article,
      })),
    ),
    names,
  )
  const linksByOwner = await linksOf(
    store,
    fromTheirSide.map((score) => score.id),
  )
  const plans: Plan[] = []
  for (const { id: owner, reason, score } of fromTheirSide) {
    const links = linksByOwner.get(String(owner)) ?? []
    if (links.some((link) => link.origin === 'manual' && same(link.to, article.article))) continue
    const current = links
      .filter((link) => link.origin === 'auto' && link.to !== undefined)
      .map((link) => ({ id: link.to!, reason: link.reason, score: link.score ?? 0 }))
    const next = enterList(current, { id: article.article, reason, score }, options.linksPerArticle)
    if (next) plans.push({ links, owner, plan: planList(owner, links, next, options.linksPerArticle) })
  }
  await writePlans(store, plans)
  return plans.map(({ owner }) => owner)
}

/**
 * Brings the index and the lists in line with article `id` as it now is (published, changed,
 * unpublished). Returns the articles whose lists changed, the article itself included.
 */
export async function syncRelated(req: PayloadRequest, changed: ArticleDoc, options: RelatedOptions): Promise<Id[]> {
  const { id } = changed
  const store = await relatedStore(req)
  const live = await liveArticle(req, id, changed)
  const content = live ? articleContent(live) : undefined
  const [stored] = await store.vectors([id])
  if (stored?.fingerprint === content?.fingerprint) return []

  const release = await store.lock()
  try {
    const holders = await store.holders(id)
    await store.remove(id)
    // The lists it entered are never among those that held it (those are rebuilt instead).
    const changedLists: Id[] = [id, ...holders]
    if (content) {
      const counts = await store.corpus(content.terms.keys())
      const indexed = indexedArticle(content, corpusStats(counts), options.scoring)
      await store.add(indexed, signature(indexed.terms, corpusStats(counts)))
      const result = await rebuildList(req, store, indexed, options, corpusStats(countsWith(counts, indexed)))
      changedLists.push(...(await enterTheirLists(store, indexed, result, new Set(holders.map(String)), options)))
    } else {
      await clearAutoLinks(store, id)
    }
    for (const holder of holders) await rebuildListOf(req, store, holder, options)
    return changedLists
  } finally {
    await release()
  }
}

/** Before an article is deleted: it leaves the index; returns the lists that held it, to refill once it is gone. */
export async function leaveRelated(req: PayloadRequest, id: Id): Promise<Id[]> {
  const store = await relatedStore(req)
  const release = await store.lock()
  try {
    const holders = await store.holders(id)
    await store.remove(id)
    return holders
  } finally {
    await release()
  }
}

/** Rebuilds the lists of `owners` from the index: after an article they held left, or an editor changed a link. */
export async function refillLists(req: PayloadRequest, owners: Id[], options: RelatedOptions): Promise<void> {
  if (owners.length === 0) return
  const store = await relatedStore(req)
  const release = await store.lock()
  try {
    for (const owner of owners) await rebuildListOf(req, store, owner, options)
  } finally {
    await release()
  }
}
