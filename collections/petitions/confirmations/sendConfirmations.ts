/**
 * Sends the confirmation emails of new signatures, from the outbox the signatures table is
 * (./confirmationOutbox). Nothing is sent from a signature's write: the sign path stores the
 * row, commits, and calls `nudgeSignatureConfirmations`; a sweep in the process that runs the
 * Jobs Queue (and the `sendSignatureConfirmations` task, for a worker or an on-demand run)
 * sends what a nudge missed — a process that died before sending, an SMTP server that was down.
 */
import type { Payload, TaskConfig } from 'payload'

import { Cron } from 'croner'

import { jobLeaseSeconds } from '../../../src/jobs/abandonedJobs'
import { settleWithin } from '../../../src/utilities/settleWithin'
import { PETITIONS } from '../../slugs'
import { confirmationEmail, manageLink, manageLinkBase, signatureLinkDays } from './confirmationEmail'
import { confirmationCap } from './confirmationCap'
import { claimUnsent, type ClaimedSignature, markFailed, markHeld, markSent, releaseClaims } from './confirmationOutbox'
import { MANAGE_SIGNATURE, signLink } from './signatureLinks'

/**
 * Rows claimed at a time: few, so a batch is sent well within the claim's lease (a row still
 * unsent when its claim lapses could be sent twice). A claim is one short statement.
 */
const BATCH = 10
/** The sweep looks for rows no nudge sent this often, at most, or once a lease when that is shorter. */
const SWEEP_SECONDS = 15

export type SendResult = { failed: number; held: number; sent: number }

/** nodemailer's codes for a failure of one message (its recipient or content), not of the server. */
const PER_MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE'])

/** A mail server's 5xx about one message is final (RFC 5321: do not repeat it as it is); a 4xx asks to try later. */
const isPermanent = (err: unknown): boolean => {
  const { code, responseCode } = err as { code?: string; responseCode?: number }
  return PER_MESSAGE_ERRORS.has(code ?? '') && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600
}

/** Adds the titles of the claimed signatures' petitions not yet in `titles` (kept for one pass of the sender). */
async function readPetitionTitles(payload: Payload, signatures: ClaimedSignature[], titles: Map<string, string>): Promise<void> {
  for (const id of new Set(signatures.map((signature) => String(signature.petition)))) {
    if (titles.has(id)) continue
    const petition = await payload.findByID({ collection: PETITIONS, depth: 0, disableErrors: true, draft: false, id, overrideAccess: true, select: { title: true } })
    titles.set(id, (petition as { title?: null | string } | null)?.title || 'our petition')
  }
}

/** Sends every unsent confirmation, a batch at a time, until none is left unclaimed. */
export async function sendSignatureConfirmations(payload: Payload): Promise<SendResult> {
  const result: SendResult = { failed: 0, held: 0, sent: 0 }
  const cap = await confirmationCap(payload)
  const base = manageLinkBase()
  const days = signatureLinkDays()
  const leaseMs = jobLeaseSeconds() * 1000
  const titles = new Map<string, string>()
  for (;;) {
    const claimedAt = Date.now()
    const claimed = await claimUnsent(payload, BATCH, jobLeaseSeconds())
    if (claimed.length === 0) return result
    await readPetitionTitles(payload, claimed, titles)
    // Marked sent together once the batch is through (one statement, not one per email; a
    // signing flood's every signature gets one): a process that dies in between sends at most
    // this batch again, after the claims lapse.
    const sent: ClaimedSignature['id'][] = []
    const held: ClaimedSignature['id'][] = []
    const refused: ClaimedSignature['id'][] = []
    try {
      for (const [at, signature] of claimed.entries()) {
        // One email a turn: in a signing flood the sender shares the event loop with the signers,
        // and a batch of emails built and logged in one go was a long turn (profiled in bench:sign).
        if (at > 0) await new Promise((resolve) => setImmediate(resolve))
        // A slow mail server: hand the rest back before the claim could lapse under another sender.
        if (Date.now() - claimedAt > leaseMs / 2) {
          await releaseClaims(payload, claimed.slice(at).map((rest) => rest.id))
          return result
        }
        // Over the cap: the signature stands and is counted; only its email stays unsent.
        if (!(await cap.allows(signature.email))) {
          held.push(signature.id)
          result.held += 1
          continue
        }
        const expiresAt = new Date(Date.now() + days * 24 * 60 * 60 * 1000)
        const token = signLink(payload.secret, { expiresAt, purpose: MANAGE_SIGNATURE, signatureId: String(signature.id) }, signature.email)
        const email = confirmationEmail({
          consent: signature.consent,
          expiresAt,
          link: manageLink(base, token),
          name: signature.name,
          petitionTitle: titles.get(String(signature.petition))!,
        })
        try {
          await payload.sendEmail({ ...email, to: signature.email })
          sent.push(signature.id)
          result.sent += 1
        } catch (err) {
          result.failed += 1
          await cap.giveBack(signature.email)
          if (isPermanent(err)) {
            refused.push(signature.id)
            payload.logger.warn({ err, msg: `Signature confirmation ${signature.id} was refused for good by the mail server; it is not tried again` })
            continue
          }
          // The claim stays and lapses after the lease; then the sweep tries again.
          payload.logger.error({ err, msg: `Signature confirmation ${signature.id} could not be sent; retried after ${jobLeaseSeconds()} s` })
          // One refused recipient is that email's problem; anything else (no connection, a timeout,
          // refused credentials) is the mail server's: stop, rather than fail through the whole outbox.
          if (!PER_MESSAGE_ERRORS.has((err as { code?: string }).code ?? '')) {
            await releaseClaims(payload, claimed.slice(at + 1).map((rest) => rest.id))
            return result
          }
        }
      }
    } finally {
      await markSent(payload, sent)
      await markHeld(payload, held)
      await markFailed(payload, refused)
    }
    if (claimed.length < BATCH) return result
  }
}

type Drain = { again: boolean; running: Promise<void> }
const drains = new WeakMap<Payload, Drain>()

/**
 * Call after a signature insert has committed: sends its confirmation soon, in this process.
 * Never throws and never waits for the mail server: nudges during a run join it (one more pass
 * follows), so a flood of signatures makes a few passes, not one per signature.
 */
export function nudgeSignatureConfirmations(payload: Payload): Promise<void> {
  const current = drains.get(payload)
  if (current) {
    current.again = true
    return current.running
  }
  const drain: Drain = { again: true, running: Promise.resolve() }
  drain.running = (async () => {
    // Let the caller answer its request first.
    await new Promise((resolve) => setImmediate(resolve))
    try {
      while (drain.again) {
        drain.again = false
        await sendSignatureConfirmations(payload)
      }
    } catch (err) {
      payload.logger.error({ err, msg: 'Sending signature confirmations failed; the sweep tries again' })
    } finally {
      drains.delete(payload)
    }
  })()
  drains.set(payload, drain)
  return drain.running
}

/** Shutdown: the pass in flight gets a moment to record what it sent; what it did not send, the next start sends. */
export async function settleConfirmations(payload: Payload): Promise<void> {
  const running = drains.get(payload)?.running
  if (running) await settleWithin([running], 3_000)
}

/** The sweep; Payload keeps it with its own crons, so they stop together. */
export function startConfirmationSweep(payload: Payload): Cron {
  return new Cron('* * * * * *', { interval: Math.min(SWEEP_SECONDS, jobLeaseSeconds()), protect: true }, () => nudgeSignatureConfirmations(payload))
}

export const SEND_CONFIRMATIONS_TASK = 'sendSignatureConfirmations'

/** The sender as a Jobs Queue task: `payload.jobs.queue({ task: 'sendSignatureConfirmations' })`. */
export const sendConfirmationsTask: TaskConfig = {
  handler: async ({ req }) => ({ output: await sendSignatureConfirmations(req.payload) }),
  outputSchema: [
    { name: 'sent', type: 'number', required: true },
    { name: 'failed', type: 'number', required: true },
    { name: 'held', type: 'number', required: true },
  ],
  retries: 0,
  slug: SEND_CONFIRMATIONS_TASK,
}
