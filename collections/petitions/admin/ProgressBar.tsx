/** A petition's signatures against its goal, as a bar and in words. */
import React from 'react'

import { percentOfGoal } from '../progress/signaturesOverTime'

export function ProgressBar({ goal, signatureCount }: { goal: null | number; signatureCount: number }) {
  const percent = percentOfGoal(signatureCount, goal)
  const words = goal ? `${signatureCount.toLocaleString('en')} of ${goal.toLocaleString('en')} signatures (${percent}%)` : `${signatureCount.toLocaleString('en')} signatures (no goal set)`
  return (
    <div data-testid="petition-progress-bar">
      <div
        aria-label="Signatures against the goal"
        aria-valuemax={goal ?? undefined}
        aria-valuemin={0}
        aria-valuenow={signatureCount}
        role="progressbar"
        style={{ background: 'var(--theme-elevation-100)', borderRadius: 4, height: 10, overflow: 'hidden' }}
      >
        <div style={{ background: 'var(--theme-success-500)', height: '100%', width: `${percent ?? 0}%` }} />
      </div>
      <p data-testid="petition-progress-words" style={{ margin: '4px 0 0' }}>
        {words}
      </p>
    </div>
  )
}
