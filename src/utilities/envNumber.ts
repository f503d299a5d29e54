/** A whole-number setting from the environment: unset or empty gives the default; anything else must be ≥ 1. */
export function positiveIntegerFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1; got "${raw}".`)
  return value
}
