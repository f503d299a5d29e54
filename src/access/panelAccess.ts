/**
 * What the signed-in user may do with the documents a panel in an article's edit view lists
 * (its sections, its related links), asked of Payload's own access endpoint
 * (`POST /api/<collection>/access[/:id]`), so the panel offers only what the API will allow.
 * Browser code: used by the panels' client components.
 */
export type PanelAccess = { create: boolean; update: boolean }

/** Payload's access answer is `true`, or `{ permission: true }` when a where clause decided it. */
const permitted = (answer: unknown): boolean =>
  answer === true || (typeof answer === 'object' && answer !== null && (answer as { permission?: unknown }).permission === true)

/**
 * `newDocument`: the data a new one would hold (its link to the article), for create; `existing`:
 * one listed document's id, for update. Documents of one article share their access, so what
 * holds for one of them holds for all.
 */
export async function panelAccess(api: string, collection: string, { existing, newDocument }: { existing?: number | string; newDocument: object }): Promise<PanelAccess> {
  const ask = (path: string, data: object): Promise<Record<string, unknown>> =>
    fetch(`${api}/${collection}/access${path}`, {
      body: JSON.stringify(data),
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    }).then((response) => (response.ok ? (response.json() as Promise<Record<string, unknown>>) : {}))
  const [forNew, forExisting] = await Promise.all([ask('', newDocument), existing === undefined ? Promise.resolve<Record<string, unknown>>({}) : ask(`/${existing}`, {})])
  return { create: permitted(forNew.create), update: permitted(forExisting.update) }
}
