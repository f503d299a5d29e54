/**
 * Scripted set-ups create the first admin from ADMIN_EMAIL and ADMIN_PASSWORD at boot instead
 * of through the admin panel's create-first-user screen. Does nothing once any user exists.
 */
import type { Payload } from 'payload'

import { USERS_SLUG } from '../../collections/users/index'

export async function bootstrapFirstAdmin(payload: Payload, env: NodeJS.ProcessEnv = process.env): Promise<'created' | 'skipped'> {
  const email = env.ADMIN_EMAIL?.trim()
  const password = env.ADMIN_PASSWORD
  if (!email && !password) return 'skipped'
  if (!email || !password) {
    throw new Error('Set both ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin at boot, or neither.')
  }
  const { totalDocs } = await payload.count({ collection: USERS_SLUG, overrideAccess: true })
  if (totalDocs > 0) return 'skipped'
  await payload.create({
    collection: USERS_SLUG,
    data: { email, name: 'Admin', password, roles: ['admin'] },
    overrideAccess: true,
  })
  payload.logger.info(`Created the first admin, ${email}, from ADMIN_EMAIL.`)
  return 'created'
}
