/**
 * `POST /api/petitions/:id/sign`: the public "Sign Our Petition" form posts here. A first
 * signature, a repeat and a bot that fills the honeypot all get the same bytes, `202 {}`: the
 * answer holds no count, since a count that went up would tell whether that email had signed.
 * A repeat changes nothing already stored — anyone can type anyone's email, so a repeat must
 * not rename a signer, show their name on the wall or change their consent. Floods get 429
 * with Retry-After (see ../signingLimits).
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { createHmac } from 'node:crypto'
import { addDataAndFileToRequest, APIError, NotFound, ValidationError } from 'payload'

import type { SignatureInput } from '../../../src/signing/readSignature'

import { CLIENT_ADDRESS_HEADER } from '../../../src/host/clientAddress'
import { SIGNED_BY_VISITOR } from '../confirmations/noEmailForAdminEntries'
import { nudgeSignatureConfirmations } from '../confirmations/sendConfirmations'
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

/**
 * Adds the signature unless that email has signed already; then nothing changes. The database's
 * unique (petition, email) index settles two first signatures racing. True when it was added.
 */
async function recordSignature(req: PayloadRequest, petition: Petition, signature: SignatureInput): Promise<boolean> {
  if (await findSignature(req, petition, signature.email)) return false
  const data = {
    ...signature,
    consentAt: signature.consent ? new Date().toISOString() : null,
    consentText: signature.consent ? petition.consentText || DEFAULT_CONSENT_TEXT : null,
    ipHash: addressHash(req),
    petition: petition.id as number,
  }
  try {
    // Its row waits for its confirmation email (confirmationSentAt empty), unlike an editor's entry.
    await req.payload.create({ collection: SIGNATURES, context: { [SIGNED_BY_VISITOR]: true }, data, overrideAccess: true })
    return true
  } catch (error) {
    // Another request for the same signer got in first: theirs stands.
    if (!(await findSignature(req, petition, signature.email))) throw error
    return false
  }
}

/** The one answer a signature gets, whoever sends it and however often. */
const ACCEPTED = () => Response.json({}, { status: 202 })

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
    // After the insert has committed: the confirmation email goes out from the row (../confirmations).
    if (!read.honeypot && (await recordSignature(req, petition, read.signature))) void nudgeSignatureConfirmations(req.payload)
    return ACCEPTED()
  },
  method: 'post',
  path: '/:id/sign',
}
