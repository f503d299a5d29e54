/** The id a relationship value holds, whether Payload gave it populated (an object) or not. */
export function relationId(value: unknown): number | string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'object') return (value as { id?: number | string }).id
  return value as number | string
}
