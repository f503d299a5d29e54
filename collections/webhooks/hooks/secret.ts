import type { CollectionAfterOperationHook, CollectionBeforeChangeHook } from 'payload'

import { newSecret } from '../../../src/webhooks/signDelivery'

/** `req.context` key: the secret just generated, handed back once in the create answer. */
export const NEW_SECRET = 'broadside:newWebhookSecret'

/** `req.context` key: an endpoint declared in the config is being written, with its own secret. */
export const WRITING_DECLARED_ENDPOINT = 'broadside:writingDeclaredEndpoint'

/** A new endpoint gets its own secret; nobody chooses it (except the config, for endpoints kept in code). */
export const generateSecret: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation !== 'create' || req.context[WRITING_DECLARED_ENDPOINT]) return data
  const secret = newSecret()
  req.context[NEW_SECRET] = secret
  return { ...data, secret }
}

/** The create answer carries the secret, once; every later read leaves it out. */
export const showSecretOnce: CollectionAfterOperationHook = ({ operation, req, result }) => {
  const secret = req.context[NEW_SECRET]
  if (operation !== 'create' || typeof secret !== 'string' || !result || typeof result !== 'object') return result
  delete req.context[NEW_SECRET]
  return { ...result, secret } as typeof result
}
