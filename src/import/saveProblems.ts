/**
 * What a save would refuse, found without writing: a document's values run through its
 * collection's own field hooks and `validate` functions — Payload's (required, min/max, email,
 * rich text) and ours (src/validation: NUL bytes, links to nothing, web addresses) — the way
 * Payload's create runs them, but stopping short of the database. The importer checks each page
 * with it, so a dry run reports what the import would then fail on.
 *
 * Validation runs even though the importer saves drafts (Payload skips `validate` for those):
 * what a draft may hold, publishing refuses, and an imported page is meant to be published.
 */
import type { CollectionSlug, JsonObject, PayloadRequest } from 'payload'

import { beforeChangeTraverseFields, beforeValidateTraverseFields, ValidationError } from 'payload'

/** Each problem as `<path>: <what is wrong>`; none when the values would save. */
export async function saveProblems(req: PayloadRequest, collection: CollectionSlug, values: JsonObject): Promise<string[]> {
  const config = req.payload.collections[collection]!.config
  // Hooks rewrite what they are given; the caller's values stay as they were.
  const data = structuredClone(values)
  const walk = { collection: config, context: {}, fields: config.fields, global: null, overrideAccess: true, parentIndexPath: '', parentIsLocalized: false, parentPath: '', parentSchemaPath: '', req }
  const errors: { message: string; path: string }[] = []
  try {
    await beforeValidateTraverseFields({ ...walk, data, doc: {}, operation: 'create', siblingData: data, siblingDoc: {} })
    await beforeChangeTraverseFields({
      ...walk,
      data,
      doc: {},
      docWithLocales: {},
      errors,
      fieldLabelPath: '',
      mergeLocaleActions: [],
      operation: 'create',
      siblingData: data,
      siblingDoc: {},
      siblingDocWithLocales: {},
      skipValidation: false,
      // Only what the importer writes: links to documents the import has yet to create are left out.
      submittedTopLevelFieldNames: new Set(Object.keys(values)),
    })
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    errors.push(...error.data.errors)
  }
  return errors.map(({ message, path }) => (message.startsWith(`${path}:`) ? message : `${path}: ${message}`))
}
