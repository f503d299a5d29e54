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
