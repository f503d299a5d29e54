'use client'
/**
 * Payload's join table, read afresh when one of our panels changes its rows. Payload's table
 * keeps the rows it read when the edit view opened (it reads again only for its own sorting,
 * paging and drawers), so a section moved in the Sections panel kept its old place in the table
 * until a reload. A panel calls `announceJoinChange(collection)` after its writes; the table of
 * a join on that collection is then drawn anew, which reads its rows from the server.
 */
import type { JoinFieldClientComponent } from 'payload'

import { JoinField } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

const JOIN_CHANGED = 'broadside:join-changed'

/** Tells the join tables on `collection` in this page that their rows changed. */
export function announceJoinChange(collection: string): void {
  window.dispatchEvent(new CustomEvent(JOIN_CHANGED, { detail: { collection } }))
}

export const RefreshingJoinField: JoinFieldClientComponent = (props) => {
  const [drawn, setDrawn] = useState(0)
  const { collection } = props.field
  useEffect(() => {
    const onChange = (event: Event) => {
      const changed = (event as CustomEvent<{ collection: string }>).detail?.collection
      if ([collection].flat().some((slug) => slug === changed)) setDrawn((count) => count + 1)
    }
    window.addEventListener(JOIN_CHANGED, onChange)
    return () => window.removeEventListener(JOIN_CHANGED, onChange)
  }, [collection])
  // A new key mounts a new table, which reads its rows instead of reusing the form's.
  return <JoinField key={drawn} {...props} />
}
