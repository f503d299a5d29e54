/**
 * On the dashboard: the open petitions, each with its progress against the goal (the stored
 * count), read as the signed-in user.
 */
import type { ServerProps } from 'payload'

import React from 'react'

import { PETITIONS } from '../../slugs'
import { ProgressBar } from './ProgressBar'

const SHOWN = 10

export async function OpenPetitions({ payload, user }: ServerProps) {
  if (!user) return null
  const { docs } = await payload.find({
    collection: PETITIONS,
    depth: 0,
    // The stored count is kept on the petition itself, not on its draft versions.
    limit: SHOWN,
    overrideAccess: false,
    select: { goal: true, signatureCount: true, title: true },
    sort: '-updatedAt',
    user,
    where: { status: { equals: 'open' } },
  })
  if (docs.length === 0) return null
  const adminRoute = payload.config.routes.admin
  return (
    <section data-testid="open-petitions" style={{ marginBottom: 'calc(var(--base) * 2)' }}>
      <h2>Open petitions</h2>
      <ul style={{ display: 'grid', gap: 'var(--base)', listStyle: 'none', margin: 0, padding: 0 }}>
        {docs.map((petition) => (
          <li data-petition={petition.id} key={petition.id}>
            <a href={`${adminRoute}/collections/${PETITIONS}/${petition.id}`}>{petition.title || `Petition ${petition.id}`}</a>
            <ProgressBar goal={petition.goal ?? null} signatureCount={petition.signatureCount ?? 0} />
          </li>
        ))}
      </ul>
    </section>
  )
}
