/**
 * `POST /api/petitions/:id/sign`: the public "Sign Our Petition" form posts here. A first
 * signature and a repeat get the same answer (no one can test who signed); a repeat updates
 * the signer's details instead of adding a second signature; a bot that fills the honeypot
 * gets that answer too, and nothing is stored. Floods get 429 with Retry-After (see
 * ../signingLimits).
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { createHmac } from 'node:crypto'
import { addDataAndFileToRequest, APIError, NotFound, ValidationError } from 'payload'

import type { SignatureInput } from '../../../src/signing/readSignature'

import { CLIENT_ADDRESS_HEADER } from '../../../src/host/clientAddress'
import { readSignature } from '../../../src/signing/readSignature'
import { overLimit, signingLimiters } from '../signingLimits'
import { PETITIONS, SIGNATURES } from '../../slugs'

/** What a form shows beside the opt-in box when the petition sets no text of its own. */
export const DEFAULT_CONSENT_TEXT = 'Keep me informed about this petition and related campaigns.'

type Petition = {
  _status?: null | string
  closesAt?: null | string
  consentText?: null | string
  externalUrl?: null | string
  goal?: null | number
  id: number | string
  status?: null | string
}

/** Keyed hashes stand in for addresses and emails wherever only "the same one again?" matters. */
const keyedHash = (req: PayloadRequest, kind: string, value: string) =>
  createHmac('sha256', req.payload.secret).update(`${kind}:${value}`).digest('base64url')

/** The signer's address, kept only as a keyed hash: enough to spot floods, useless to anyone who reads it. */
function addressHash(req: PayloadRequest): string | undefined {
  const address = req.headers.get(CLIENT_ADDRESS_HEADER)
  return address ? keyedHash(req, 'signer-address', address) : undefined
}

const tooMany = (seconds: number, what: string) =>
  Response.json(
    { errors: [{ message: `Too many signatures ${what}; try again in ${seconds} s.` }] },
    { headers: { 'Retry-After': String(seconds) }, status: 429 },
  )

async function openPetition(req: PayloadRequest): Promise<Petition> {
  const id = req.routeParams?.id as number | string | undefined
  const petition = id
    ? ((await req.payload.findByID({ collection: PETITIONS, depth: 0, disableErrors: true, draft: false, id, overrideAccess: true, req })) as Petition | null)
    : null
  // An unpublished petition does not exist, as far as the public can tell.
  if (!petition || petition._status !== 'published') throw new NotFound(req.t)
  if (petition.externalUrl) {
    throw new APIError(`This petition is signed elsewhere: ${petition.externalUrl}`, 409, { externalUrl: petition.externalUrl }, true)
  }
  if (petition.status === 'closed') throw new APIError('This petition is closed.', 409, { reason: 'closed' }, true)
  if (petition.closesAt && new Date(petition.closesAt).getTime() <= Date.now()) {
    throw new APIError(`This petition closed on ${new Date(petition.closesAt).toISOString()}.`, 409, { reason: 'expired' }, true)
  }
  return petition
}

async function findSignature(req: PayloadRequest, petition: Petition, email: string) {
  const { docs } = await req.payload.find({
    collection: SIGNATURES,
    depth: 0,
    limit: 1,
    overrideAccess: true,
    pagination: false,
    where: { and: [{ petition: { equals: petition.id } }, { email: { equals: email } }] },
  })
  return docs[0]
}

/** Adds the signature, or updates the signer's earlier one; the database's unique index settles races. */
async function recordSignature(req: PayloadRequest, petition: Petition, signature: SignatureInput): Promise<void> {
  const data = {
    ...signature,
    consentAt: signature.consent ? new Date().toISOString() : null,
    consentText: signature.consent ? petition.consentText || DEFAULT_CONSENT_TEXT : null,
    ipHash: addressHash(req),
  }
  const update = (id: number | string) => req.payload.update({ collection: SIGNATURES, data, id, overrideAccess: true })
  const earlier = await findSignature(req, petition, signature.email)
  if (earlier) {
    await update(earlier.id)
    return
  }
  try {
    await req.payload.create({ collection: SIGNATURES, data: { ...data, petition: petition.id as number }, overrideAccess: true })
  } catch (error) {
    // Another request for the same signer got in first: this one becomes the update.
    const winner = await findSignature(req, petition, signature.email)
    if (!winner) throw error
    await update(winner.id)
  }
}

export const signEndpoint: Endpoint = {
  handler: async (req) => {
    const limits = await signingLimiters(req.payload)
    const address = addressHash(req)
    const addressWait = address ? await overLimit(limits.ip, address) : undefined
    if (addressWait) return tooMany(addressWait, 'from this address')
    const petition = await openPetition(req)
    await addDataAndFileToRequest(req)
    const read = readSignature(req.data)
    if (!read.ok) throw new ValidationError({ collection: SIGNATURES, errors: read.problems })
    const emailWait = await overLimit(limits.email, keyedHash(req, 'signer-email', read.signature.email))
    if (emailWait) return tooMany(emailWait, 'for this email')
    if (!read.honeypot) await recordSignature(req, petition, read.signature)
    const { totalDocs } = await req.payload.count({ collection: SIGNATURES, overrideAccess: true, where: { petition: { equals: petition.id } } })
    return Response.json({ goal: petition.goal ?? null, signatureCount: totalDocs }, { status: 202 })
  },
  method: 'post',
  path: '/:id/sign',
}
