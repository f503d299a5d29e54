/**
 * The `overrides` option every Broadside content-type plugin accepts for the collections it
 * adds: any collection setting, `fields` as a function of the plugin's default fields, and
 * hooks that run after the plugin's own (never instead of them).
 */
import type { CollectionConfig, Field } from 'payload'

export type CollectionOverrides = Partial<Omit<CollectionConfig, 'fields'>> & {
  fields?: (args: { defaultFields: Field[] }) => Field[]
}

type Hooks = NonNullable<CollectionConfig['hooks']>

/**
 * The plugin's collection with the site's overrides applied. `disabled` keeps the schema (for
 * migrations) and drops the plugin's behaviour: its hooks and endpoints. `guards` are access
 * rules written as hooks: they run first and stay when the plugin is disabled, since turning
 * off behaviour must never open a door.
 */
export function applyCollectionOverrides(
  plugin: CollectionConfig,
  overrides: CollectionOverrides = {},
  { disabled = false, guards = {} }: { disabled?: boolean; guards?: Hooks } = {},
): CollectionConfig {
  const base = disabled ? { ...plugin, endpoints: [], hooks: {} } : plugin
  const { fields, hooks, ...rest } = overrides
  return {
    ...base,
    ...rest,
    fields: fields ? fields({ defaultFields: base.fields }) : base.fields,
    hooks: appendHooks(appendHooks(guards, base.hooks), hooks),
  }
}

/** Appends `extra` hooks after `existing` ones, key by key. */
export function appendHooks(existing: Hooks = {}, extra: Hooks = {}): Hooks {
  const merged: Record<string, unknown[]> = { ...(existing as Record<string, unknown[]>) }
  for (const [key, list] of Object.entries(extra as Record<string, unknown[]>)) {
    merged[key] = [...(merged[key] ?? []), ...(list ?? [])]
  }
  return merged as Hooks
}
