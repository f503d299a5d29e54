/**
 * Storable values: every stored field of every collection and global gets a `beforeValidate`
 * hook, after its own, that refuses with a 400 naming the field what the database would
 * otherwise refuse with a 500 or keep cut short: links to nothing, ids that are not ids, dates
 * that are not dates, non-finite numbers, unknown options, strings for checkboxes, objects for
 * text, NUL bytes in any text (rich text and JSON included). Field hooks run for drafts and
 * autosaves too, where Payload skips `validate`, and before the collection's own beforeValidate
 * and beforeChange hooks.
 *
 * The fields Payload adds itself when it builds the config (timestamps, `_status`, auth and
 * upload fields) are not there yet when plugins run; a collection (and global) `beforeValidate`
 * hook, appended after the others, gives them the same checks. Removing the plugin removes only
 * these checks.
 */
import type { Block, CollectionBeforeValidateHook, Config, Field, FieldHook, GlobalBeforeValidateHook, PayloadRequest, Plugin } from 'payload'

import { ValidationError } from 'payload'

import { appendHooks } from '../plugins/collectionOverrides'
import { relationProblem } from './relationProblem'
import { checkboxProblem, dateProblem, nulProblem, numberProblem, selectProblem, textProblem } from './valueProblem'

type Check = (value: unknown, args: { previousValue: unknown; req: PayloadRequest }) => Promise<string | undefined> | string | undefined

export const storableValuesPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    hooks: { ...config.hooks, afterError: [...(config.hooks?.afterError ?? []), nameReusedRowIds] },
    blocks: config.blocks?.map(withChecksInBlock),
    collections: config.collections?.map((collection) => ({
      ...collection,
      fields: withChecks(collection.fields),
      hooks: appendHooks(collection.hooks, { beforeValidate: [checkPayloadsOwnFields] }),
    })),
    globals: config.globals?.map((global) => ({
      ...global,
      fields: withChecks(global.fields),
      hooks: { ...global.hooks, beforeValidate: [...(global.hooks?.beforeValidate ?? []), checkPayloadsOwnFields] },
    })),
  })

/** The hooks this plugin added, to tell its fields from those Payload adds later. */
const ourHooks = new WeakSet<FieldHook>()

function withChecks(fields: Field[]): Field[] {
  return fields.map((field): Field => {
    // Virtual fields are never stored.
    if ('virtual' in field && field.virtual) return field
    switch (field.type) {
      case 'array':
      case 'collapsible':
      case 'group':
      case 'row':
        return { ...field, fields: withChecks(field.fields) } as Field
      case 'blocks':
        return { ...field, blocks: (field.blocks ?? []).map(withChecksInBlock) }
      case 'tabs':
        return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: withChecks(tab.fields) })) }
      default: {
        const check = checkFor(field)
        return check ? withHookAppended(field, refusing(check)) : field
      }
    }
  })
}

function withChecksInBlock(block: Block): Block {
  return { ...block, fields: withChecks(block.fields) }
}

function withHookAppended(field: Field, hook: FieldHook): Field {
  const hooks = 'hooks' in field ? field.hooks : undefined
  return { ...field, hooks: { ...hooks, beforeValidate: [...(hooks?.beforeValidate ?? []), hook] } } as Field
}

/** Empty is the field's own business (`required`); anything else must pass the check. */
function refusing(check: Check): FieldHook {
  const hook: FieldHook = async ({ collection, global, path, previousValue, req, value }) => {
    const problem = await checkValue(check, value, { previousValue, req })
    if (problem) throw refusal(path.join('.'), problem, { collection: collection?.slug, global: global?.slug, req })
    return value
  }
  ourHooks.add(hook)
  return hook
}

async function checkValue(check: Check, value: unknown, args: Parameters<Check>[1]): Promise<string | undefined> {
  return value === null || value === undefined ? undefined : check(value, args)
}

function refusal(path: string, problem: string, { collection, global, req }: { collection?: string; global?: string; req: PayloadRequest }) {
  return new ValidationError({ collection, errors: [{ message: `${path}: ${problem}`, path }], global, req })
}

/** The same checks for the top-level fields Payload added (they carry none of our hooks). */
const checkPayloadsOwnFields: CollectionBeforeValidateHook & GlobalBeforeValidateHook = async (args) => {
  const { data, originalDoc, req } = args
  const config = 'collection' in args ? args.collection : args.global
  for (const field of config.fields) {
    if (!('name' in field) || ('hooks' in field && field.hooks?.beforeValidate?.some((hook) => ourHooks.has(hook)))) continue
    if ('virtual' in field && field.virtual) continue
    const check = checkFor(field)
    const problem = check && (await checkValue(check, data?.[field.name], { previousValue: originalDoc?.[field.name], req }))
    if (problem) throw refusal(field.name, problem, { collection: 'collection' in args ? config.slug : undefined, global: 'global' in args ? config.slug : undefined, req })
  }
  return data
}

/** One value or, for `hasMany` fields, each of a list. */
const each =
  (problem: (item: unknown) => string | undefined): Check =>
  (value) => {
    for (const item of Array.isArray(value) ? value : [value]) {
      const found = problem(item)
      if (found) return found
    }
    return undefined
  }

function checkFor(field: Field): Check | undefined {
  switch (field.type) {
    case 'checkbox':
      return each(checkboxProblem)
    case 'code':
    case 'email':
    case 'textarea':
      return (value) => textProblem(value)
    case 'json':
    case 'richText':
      return (value) => nulProblem(value)
    case 'text':
      return field.hasMany ? each(textProblem) : (value) => textProblem(value)
    case 'date':
      return each(dateProblem)
    case 'number':
      return each(numberProblem)
    case 'radio':
    case 'select': {
      const allowed = field.options.map((option) => (typeof option === 'string' ? option : option.value))
      return each((item) => selectProblem(item, allowed))
    }
    case 'relationship':
    case 'upload':
      return (value, { previousValue, req }) => relationProblem(field, { previousValue, req, value })
    default:
      return undefined
  }
}

type AfterErrorHook = NonNullable<NonNullable<Config['hooks']>['afterError']>[number]

/** The table of array or block rows a duplicate row id hit: SQLite's and PostgreSQL's wording. */
function reusedRowTable(error: unknown): string | undefined {
  for (let cause = error as undefined | { cause?: unknown; code?: unknown; constraint?: unknown; message?: unknown }; cause; cause = cause.cause as typeof cause) {
    const sqlite = /UNIQUE constraint failed: (\w+)\.id\b/.exec(String(cause.message ?? ''))
    if (sqlite) return sqlite[1]
    if (cause.code === '23505' && typeof cause.constraint === 'string' && cause.constraint.endsWith('_pkey')) return cause.constraint.slice(0, -'_pkey'.length)
  }
  return undefined
}

/**
 * A row of an array or blocks field keeps the `id` a client sends. One copied from another
 * document (a petition duplicated with its targets' ids) collides with that document's row in
 * the database, which Payload answers with a 500: answered here as the 400 it is, naming the
 * field. Nothing was stored: the write's transaction rolled back.
 */
const nameReusedRowIds: AfterErrorHook = ({ collection, error }) => {
  const table = reusedRowTable(error)
  if (!table) return
  const owner = collection?.slug.replaceAll('-', '_')
  // The document's own table: an id sent for a new document that another one has.
  if (owner && (table === owner || table === `_${owner}_v`)) {
    const message = 'id: already used by another document; leave it out to have one given.'
    return { response: { errors: [{ data: { collection: collection?.slug, errors: [{ message, path: 'id' }] }, message, name: 'ValidationError' }] }, status: 400 }
  }
  const field = owner ? table.replace(new RegExp(`^_?${owner}_(v_version_)?`), '') : table
  const message = `${field}: a row's id is already used by another document; leave \`id\` out of new rows.`
  return {
    response: { errors: [{ data: { collection: collection?.slug, errors: [{ message, path: field }] }, message, name: 'ValidationError' }] },
    status: 400,
  }
}
