/**
 * The example site's purge step: from a webhook delivery, the cache tags its items list — the
 * same names Broadside's answers carry in `Surrogate-Key` / `Cache-Tag` — sent to the purge
 * URL of whatever caches those answers (a CDN in front of Broadside, or of the site's own
 * fetches), so exactly the answers the change made stale are dropped. One POST per 100 tags,
 * each carrying them twice, in the two shapes the common APIs take:
 * - the JSON body `{ "tags": [...] }`: Cloudflare's `POST /zones/<zone>/purge_cache`;
 * - the `Surrogate-Key` header, space-separated: Fastly's `POST /service/<id>/purge`.
 * A delivery whose items were cut short (`data.truncated`) cannot say everything that changed:
 * then the body is `{ "purge_everything": true }` (Cloudflare's form again). Point PURGE_URL at a
 * small proxy of your own when your CDN wants something else.
 */
export type PurgeOptions = {
  /** Sent as the Authorization header, e.g. `Bearer <api token>`. */
  authorization?: string
  /** Where purges are POSTed. */
  url: string
}

export type DeliveryEvent = { data?: { items?: { cacheTags?: string[] }[]; truncated?: boolean } }

/** What a delivery asks to purge: its items' tags, or everything when it was cut short. */
export function purgeFor(event: DeliveryEvent): 'everything' | string[] {
  if (event.data?.truncated) return 'everything'
  return [...new Set((event.data?.items ?? []).flatMap((item) => item.cacheTags ?? []))]
}

const TAGS_PER_REQUEST = 100

/** Sends the purge; throws when the purge URL refuses it (the delivery then fails and is retried). */
export async function purgeCacheTags(event: DeliveryEvent, options: PurgeOptions): Promise<'everything' | string[]> {
  const what = purgeFor(event)
  const send = async (body: object, surrogateKeys?: string[]) => {
    const response = await fetch(options.url, {
      body: JSON.stringify(body),
      headers: {
        'Content-Type': 'application/json',
        ...(options.authorization ? { Authorization: options.authorization } : {}),
        ...(surrogateKeys ? { 'Surrogate-Key': surrogateKeys.join(' ') } : {}),
      },
      method: 'POST',
    })
    if (!response.ok) throw new Error(`The purge at ${options.url} answered ${response.status}.`)
  }
  if (what === 'everything') await send({ purge_everything: true })
  else for (let start = 0; start < what.length; start += TAGS_PER_REQUEST) {
    const tags = what.slice(start, start + TAGS_PER_REQUEST)
    await send({ tags }, tags)
  }
  return what
}
