/**
 * Signing a petition, whichever door the form comes in by (the host's route, or the Payload
 * endpoint behind Next): flood limits, the petition's state, the form, then the lean write
 * (./signatureBatches). A first signature, a repeat and a bot that fills the honeypot all get
 * the same bytes, `202 {}`: the answer holds no count, since a count that went up would tell
 * whether that email had signed. A repeat changes nothing already stored — anyone can type
 * anyone's email, so a repeat must not rename a signer, show their name on the wall or change
 * their consent. Nothing about the answer depends on the email's history (no limit per email:
 * see ../signingLimits). Floods from one address get 429 with Retry-After.
 */
import type { Payload } from 'payload'

import { createHmac } from 'node:crypto'
import { APIError, NotFound, ValidationError } from 'payload'

import { readSignature } from '../../../src/signing/readSignature'
import { PETITIONS, SIGNATURES } from '../../slugs'
import { limitedAddress } from '../../../src/rateLimits/sharedRateLimiter'
import { overLimit, signingLimiters } from '../signingLimits'
import { signatureBatches } from './signatureBatches'

/** What a form shows beside the opt-in box when the petition sets no text of its own. */
export const DEFAULT_CONSENT_TEXT = 'Keep me informed about this petition and related campaigns.'

export type SignAttempt = {
  /** The form as sent (parsed JSON; anything else is refused as a whole). */
  body: unknown
  /** The signer's address as the host saw it; kept only as a keyed hash. */
  clientAddress?: string
  payload: Payload
  petitionId: string
}

export type SignAnswer = { body: unknown; headers?: Record<string, string>; status: number }

/** The one answer a signature gets, whoever sends it and however often. */
const ACCEPTED: SignAnswer = { body: {}, status: 202 }

type Petition = {
  _status?: null | string
  closesAt?: null | string
  consentText?: null | string
  externalUrl?: null | string
  id: number | string
  status?: null | string
}

/** Keyed hashes stand in for addresses and emails wherever only "the same one again?" matters. */
const keyedHash = (payload: Payload, kind: string, value: string) => createHmac('sha256', payload.secret).update(`${kind}:${value}`).digest('base64url')

const tooMany = (seconds: number, what: string): SignAnswer => ({
  body: { errors: [{ message: `Too many signatures ${what}; try again in ${seconds} s.` }] },
  headers: { 'Retry-After': String(seconds) },
  status: 429,
})

/** Throws the answer for a petition that cannot be signed here (as Payload errors, which both doors render). */
export async function signPetition({ body, clientAddress, payload, petitionId }: SignAttempt): Promise<SignAnswer> {
  const limits = await signingLimiters(payload)
  const address = clientAddress ? keyedHash(payload, 'signer-address', limitedAddress(clientAddress)) : undefined
  const addressWait = address ? await overLimit(limits.ip, address) : undefined
  if (addressWait) return tooMany(addressWait, 'from this address')
  const petition = await openPetition(payload, petitionId)
  const read = readSignature(body)
  if (!read.ok) throw new ValidationError({ collection: SIGNATURES, errors: read.problems })
  if (read.honeypot) return ACCEPTED
  const { consent } = read.signature
  await signatureBatches(payload).add({
    ...read.signature,
    consentAt: consent ? new Date().toISOString() : null,
    consentText: consent ? petition.consentText || DEFAULT_CONSENT_TEXT : null,
    ipHash: address,
    petition: petition.id,
  })
  return ACCEPTED
}

/**
 * How long a petition's state is reused. A flood signs one petition thousands of times a second;
 * reading it once a second instead of per signature means a petition closed or unpublished
 * stops taking signatures within that second.
 */
const PETITION_STATE_MS = 1_000

const petitionStates = new WeakMap<Payload, Map<string, { petition: Promise<null | Petition>; readAt: number }>>()

async function openPetition(payload: Payload, id: string): Promise<Petition> {
  let states = petitionStates.get(payload)
  if (!states) petitionStates.set(payload, (states = new Map()))
  let state = states.get(id)
  if (!state || Date.now() - state.readAt > PETITION_STATE_MS) {
    if (states.size > 1_000) states.clear()
    state = { petition: readPetition(payload, id), readAt: Date.now() }
    states.set(id, state)
  }
  const petition = await state.petition
  // An unpublished petition does not exist, as far as the public can tell.
  if (!petition || petition._status !== 'published') throw new NotFound()
  if (petition.externalUrl) {
    throw new APIError(`This petition is signed elsewhere: ${petition.externalUrl}`, 409, { externalUrl: petition.externalUrl }, true)
  }
  if (petition.status === 'closed') throw new APIError('This petition is closed.', 409, { reason: 'closed' }, true)
  if (petition.closesAt && new Date(petition.closesAt).getTime() <= Date.now()) {
    throw new APIError(`This petition closed on ${new Date(petition.closesAt).toISOString()}.`, 409, { reason: 'expired' }, true)
  }
  return petition
}

async function readPetition(payload: Payload, id: string): Promise<null | Petition> {
  // Ids arrive from the URL: what is no petition id at all is simply not found.
  if (!/^[\w-]{1,64}$/.test(id)) return null
  try {
    return (await payload.findByID({
      collection: PETITIONS,
      depth: 0,
      disableErrors: true,
      draft: false,
      id,
      overrideAccess: true,
      select: { _status: true, closesAt: true, consentText: true, externalUrl: true, status: true },
    })) as null | Petition
  } catch {
    return null
  }
}
