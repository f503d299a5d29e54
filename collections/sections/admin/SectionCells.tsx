'use client'
/**
 * How a section reads in a list (its own, and the table on its article): the heading, or the
 * kind's name when it has none, and one line of its text instead of the whole body.
 */
import type { DefaultCellComponentProps } from 'payload'

import React from 'react'

const EXCERPT_CHARS = 90

export function HeadingCell({ cellData, kindLabels = {}, rowData }: DefaultCellComponentProps & { kindLabels?: Record<string, string> }) {
  const heading = typeof cellData === 'string' ? cellData.trim() : ''
  if (heading) return <span data-testid="section-heading">{heading}</span>
  const kind = String(rowData?.kind ?? '')
  return (
    <span data-testid="section-heading" style={{ color: 'var(--theme-elevation-500)' }}>
      {kindLabels[kind] ?? kind}
    </span>
  )
}

export function ExcerptCell({ cellData }: DefaultCellComponentProps) {
  const text = plainText(cellData).replace(/\s+/g, ' ').trim()
  const line = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : text
  return (
    <span data-testid="section-excerpt" style={{ whiteSpace: 'nowrap' }} title={text}>
      {line || '—'}
    </span>
  )
}

/** The words of a Lexical value, paragraphs joined by spaces. */
function plainText(node: unknown): string {
  if (!node || typeof node !== 'object') return ''
  const { children, root, text } = node as { children?: unknown[]; root?: unknown; text?: unknown }
  if (typeof text === 'string') return text
  if (root) return plainText(root)
  return Array.isArray(children) ? children.map(plainText).join(' ') : ''
}
