/**
 * Storable values: every stored field of every collection and global — Payload's own included
 * (timestamps, `_status`, auth and upload fields) — gets a `beforeValidate` hook, after its own,
 * that refuses with a 400 naming the field what the database would otherwise refuse with a 500
 * or keep cut short: links to nothing, ids that are not ids, dates that are not dates,
 * non-finite numbers, unknown options, strings for checkboxes, NUL bytes in any text (rich text
 * and JSON included). Field hooks run for drafts and autosaves too, where Payload skips
 * `validate`, and before the collection's own beforeValidate and beforeChange hooks.
 *
 * The hooks go onto the sanitized config when Payload starts (`onInit`), because the fields
 * Payload adds itself exist only from then on. Removing the plugin removes only these checks.
 */
import type { Block, Config, Field, FieldHook, Payload, Plugin } from 'payload'

import { ValidationError } from 'payload'

import { relationProblem } from './relationProblem'
import { checkboxProblem, dateProblem, nulProblem, numberProblem, selectProblem } from './valueProblem'

type Check = (value: unknown, args: Parameters<FieldHook>[0]) => Promise<string | undefined> | string | undefined

export const storableValuesPlugin =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    onInit: async (payload) => {
      // First, so that what the site's own start-up writes is checked as well.
      addValueChecks(payload)
      await config.onInit?.(payload)
    },
  })

/** Fields already given the hook: a config shared by several Payload instances gets it once. */
const checkedFields = new WeakSet<Field>()

function addValueChecks({ config }: Payload): void {
  for (const { fields } of [...config.collections, ...config.globals, ...(config.blocks ?? [])]) addChecks(fields)
}

function addChecks(fields: Field[]): void {
  for (const field of fields) {
    // Virtual fields are never stored.
    if (checkedFields.has(field) || ('virtual' in field && field.virtual)) continue
    checkedFields.add(field)
    switch (field.type) {
      case 'array':
      case 'collapsible':
      case 'group':
      case 'row':
        addChecks(field.fields)
        break
      case 'blocks':
        for (const block of field.blocks ?? []) addChecks((block as Block).fields)
        break
      case 'tabs':
        for (const tab of field.tabs) addChecks(tab.fields)
        break
      default: {
        const check = checkFor(field)
        if (!check) break
        const dataField = field as { hooks?: { beforeValidate?: FieldHook[] } }
        dataField.hooks = { ...dataField.hooks, beforeValidate: [...(dataField.hooks?.beforeValidate ?? []), refusing(check)] }
      }
    }
  }
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
    case 'json':
    case 'richText':
    case 'text':
    case 'textarea':
      return (value) => nulProblem(value)
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

/** Empty is the field's own business (`required`); anything else must pass the check. */
function refusing(check: Check): FieldHook {
  return async (args) => {
    const { collection, global, path, req, value } = args
    if (value === null || value === undefined) return value
    const problem = await check(value, args)
    if (!problem) return value
    const fieldPath = path.join('.')
    throw new ValidationError({ collection: collection?.slug, errors: [{ message: `${fieldPath}: ${problem}`, path: fieldPath }], global: global?.slug, req })
  }
}
