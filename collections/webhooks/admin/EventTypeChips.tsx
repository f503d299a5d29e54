'use client'
/**
 * A delivery's event types (stored as a JSON list) shown as chips, in its list and on its page,
 * rather than as raw JSON.
 */
import type { DefaultCellComponentProps } from 'payload'

import { FieldLabel, Pill, useField } from '@payloadcms/ui'
import React from 'react'

export function Chips({ value }: { value: unknown }) {
  const types = Array.isArray(value) ? value.map(String) : []
  if (types.length === 0) return <span>—</span>
  return (
    <span data-testid="event-type-chips" style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {types.map((type) => (
        <Pill key={type} pillStyle="light" size="small">
          {type}
        </Pill>
      ))}
    </span>
  )
}

export function EventTypesCell({ cellData }: DefaultCellComponentProps) {
  return <Chips value={cellData} />
}

export function EventTypesField({ path }: { path: string }) {
  const { value } = useField<unknown>({ path })
  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <FieldLabel label="Event types" />
      <Chips value={value} />
    </div>
  )
}
