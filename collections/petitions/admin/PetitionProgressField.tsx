/**
 * The petition's edit view opens with its progress: signatures against the goal, then
 * signatures per day (two weeks) and per hour (two days), drawn as bars from the stored
 * signatures. A server component: it reads through the Local API as the signed-in user.
 */
import type { UIFieldServerProps } from 'payload'

import React from 'react'

import type { Bucket } from '../progress/signaturesOverTime'

import { CHART_DAYS, CHART_HOURS, readPetitionProgress } from '../progress/readProgress'
import { ProgressBar } from './ProgressBar'

export async function PetitionProgressField({ id, req }: UIFieldServerProps) {
  if (id === undefined || id === null) return null
  const progress = await readPetitionProgress(req, id)
  if (!progress) return null
  return (
    <div className="field-type" data-testid="petition-progress" style={{ marginBottom: 'calc(var(--base) * 1.5)' }}>
      <div className="field-label">Progress</div>
      <ProgressBar goal={progress.goal} signatureCount={progress.signatureCount} />
      {progress.timeline ? (
        <>
          <BarChart buckets={progress.timeline.perDay} label={`Signatures per day, last ${CHART_DAYS} days (UTC)`} name="per-day" unit="day" />
          <BarChart buckets={progress.timeline.perHour} label={`Signatures per hour, last ${CHART_HOURS} hours (UTC)`} name="per-hour" unit="hour" />
        </>
      ) : (
        <p style={{ color: 'var(--theme-elevation-500)' }}>Signature charts are for editors and admins.</p>
      )}
    </div>
  )
}

function BarChart({ buckets, label, name, unit }: { buckets: Bucket[]; label: string; name: string; unit: 'day' | 'hour' }) {
  const highest = Math.max(1, ...buckets.map((bucket) => bucket.count))
  const caption = (start: string) => (unit === 'day' ? start.slice(5, 10) : `${start.slice(5, 10)} ${start.slice(11, 13)}h`)
  return (
    <figure data-testid={`signatures-${name}`} style={{ margin: 'var(--base) 0 0' }}>
      <figcaption style={{ marginBottom: 4 }}>{label}</figcaption>
      <div style={{ alignItems: 'flex-end', display: 'flex', gap: 2, height: 80 }}>
        {buckets.map((bucket) => (
          <div
            data-count={bucket.count}
            data-start={bucket.start}
            key={bucket.start}
            style={{ background: 'var(--theme-elevation-400)', flex: 1, height: `${(bucket.count / highest) * 100}%`, minHeight: bucket.count ? 2 : 0 }}
            title={`${caption(bucket.start)}: ${bucket.count}`}
          />
        ))}
      </div>
    </figure>
  )
}
