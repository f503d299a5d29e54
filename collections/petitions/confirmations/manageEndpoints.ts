/**
 * What the link in a signer's confirmation email opens: `GET /api/signatures/manage?token=…`
 * shows that one signature (a small page for people, JSON for a site's own page), and
 * `POST /api/signatures/manage` with `{ token, action }` changes it: `confirm` (the signature is
 * theirs: a name they chose to show is listed among the signers), `confirm-consent` (the double
 * opt-in), `withdraw-consent`, `update` (`name`, `showName`) and `remove`. Every action but
 * `remove` confirms the signature too: only the mailbox's owner holds the link. The token is the only credential, so an answer holds nothing but that signature,
 * and a bad, altered or expired token gets a 4xx saying which — never anyone else's data.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { addDataAndFileToRequest, APIError, ValidationError } from 'payload'

import type { Signature } from '../../../src/payload-types'

import { idProblem } from '../../../src/requestGuard/documentIds'
import { unicodeDomainSpelling } from '../../../src/signing/signerEmail'

import { PETITIONS, SIGNATURES } from '../../slugs'
import { managePage } from './managePage'
import { linkSignatureId, MANAGE_SIGNATURE, verifyLink } from './signatureLinks'

const ACTIONS = ['confirm', 'confirm-consent', 'withdraw-consent', 'update', 'remove'] as const
type Action = (typeof ACTIONS)[number]

const NAME_MAX = 200

/** JSON answers, refusals included, are one signer's own: no cache keeps them (Payload adds these headers to errors too). */
function answerUncached(req: PayloadRequest): void {
  req.responseHeaders ??= new Headers()
  req.responseHeaders.set('Cache-Control', 'no-store')
}

const invalid = (path: string, message: string) => new ValidationError({ collection: SIGNATURES, errors: [{ message, path }] })

const INVALID_LINK = 'This link is not valid: it is incomplete or was altered. Open the link from your email as it is.'

/** The signature a token names, once the token has proven itself against it. */
async function signatureFor(req: PayloadRequest, token: unknown): Promise<Signature> {
  if (typeof token !== 'string' || token === '') throw invalid('token', 'token is required: the one from the link in your email.')
  const id = linkSignatureId(token)
  // Only ids the database could hold reach it: serial numbers on SQL, ObjectIds on MongoDB.
  const usable = id !== undefined && idProblem(req.payload, SIGNATURES, id) === null
  if (!usable) throw invalid('token', INVALID_LINK)
  const signature = (await req.payload.findByID({ collection: SIGNATURES, depth: 0, disableErrors: true, id, overrideAccess: true, req })) as null | Signature
  // A token for a removed signature and an altered one get the same answer: neither tells whether the row exists.
  if (!signature) throw invalid('token', INVALID_LINK)
  let check = verifyLink(req.payload.secret, token, MANAGE_SIGNATURE, signature.email)
  // Links sent before emails were stored with their domain in ASCII were made for the Unicode spelling.
  const legacySpelling = unicodeDomainSpelling(signature.email)
  if (!check.ok && check.problem === 'malformed' && legacySpelling !== signature.email) {
    check = verifyLink(req.payload.secret, token, MANAGE_SIGNATURE, legacySpelling)
  }
  if (!check.ok && check.problem === 'expired') {
    throw new APIError("This link has expired. Write to the petition's organisers to change or remove your signature.", 410, { reason: 'expired' }, true)
  }
  if (!check.ok) throw invalid('token', INVALID_LINK)
  return signature
}

async function petitionTitle(req: PayloadRequest, signature: Signature): Promise<null | string> {
  const id = typeof signature.petition === 'object' ? signature.petition.id : signature.petition
  const petition = await req.payload.findByID({ collection: PETITIONS, depth: 0, disableErrors: true, draft: false, id, overrideAccess: true, req, select: { title: true } })
  return petition?.title ?? null
}

/** All a token holder sees: their own signature, never its email, address hash or anyone else's. */
async function ownView(req: PayloadRequest, signature: Signature) {
  return {
    signature: {
      consent: signature.consent === true && !!signature.consentConfirmedAt,
      consentAsked: signature.consent === true,
      consentConfirmedAt: signature.consentConfirmedAt ?? null,
      confirmed: !!signature.confirmedAt,
      name: signature.name ?? null,
      petition: { title: await petitionTitle(req, signature) },
      showName: signature.showName === true,
      signedAt: signature.createdAt,
    },
  }
}

function readUpdate(body: Record<string, unknown>): { name?: string; showName?: boolean } {
  const problems: { message: string; path: string }[] = []
  const data: { name?: string; showName?: boolean } = {}
  if (body.name !== undefined) {
    const name = typeof body.name === 'string' ? body.name.trim() : undefined
    if (name === undefined) problems.push({ message: 'name must be text.', path: 'name' })
    else if (name === '') problems.push({ message: 'name must not be empty.', path: 'name' })
    else if ([...name].length > NAME_MAX) problems.push({ message: `name must be at most ${NAME_MAX} characters.`, path: 'name' })
    else if (name.includes('\u0000')) problems.push({ message: 'name must not contain NUL characters.', path: 'name' })
    else data.name = name
  }
  if (body.showName !== undefined) {
    if (typeof body.showName !== 'boolean') problems.push({ message: 'showName must be true or false.', path: 'showName' })
    else data.showName = body.showName
  }
  if (problems.length === 0 && Object.keys(data).length === 0) problems.push({ message: 'update needs name or showName.', path: 'name' })
  if (problems.length > 0) throw new ValidationError({ collection: SIGNATURES, errors: problems })
  return data
}

async function act(req: PayloadRequest, signature: Signature, action: Action, body: Record<string, unknown>): Promise<Response> {
  const now = new Date().toISOString()
  // Whatever the token holder does, the signature is now vouched for by its mailbox.
  const confirming: Partial<Signature> = signature.confirmedAt ? {} : { confirmedAt: now }
  const update = (data: Partial<Signature>) =>
    Object.keys(data).length === 0
      ? Promise.resolve(signature)
      : (req.payload.update({ collection: SIGNATURES, data, depth: 0, id: signature.id, overrideAccess: true, req }) as Promise<Signature>)
  switch (action) {
    case 'confirm':
      return Response.json(await ownView(req, await update(confirming)))
    case 'confirm-consent': {
      if (signature.consent !== true) {
        throw new APIError('You did not ask for updates when you signed, so there is nothing to confirm.', 409, { reason: 'no-consent' }, true)
      }
      return Response.json(await ownView(req, await update({ ...confirming, ...(signature.consentConfirmedAt ? {} : { consentConfirmedAt: now }) })))
    }
    case 'withdraw-consent':
      return Response.json(await ownView(req, await update({ ...confirming, consent: false, consentAt: null, consentConfirmedAt: null, consentText: null })))
    case 'update':
      return Response.json(await ownView(req, await update({ ...confirming, ...readUpdate(body) })))
    case 'remove':
      // Through Payload, so whatever keeps the petition's count follows.
      await req.payload.delete({ collection: SIGNATURES, id: signature.id, overrideAccess: true, req })
      return Response.json({ removed: true })
  }
}

export const manageSignatureEndpoints: Endpoint[] = [
  {
    handler: async (req) => {
      const token = req.searchParams.get('token')
      const wantsPage = (req.headers.get('accept') ?? '').includes('text/html')
      if (wantsPage) {
        try {
          return managePage({ token: token ?? '', view: (await ownView(req, await signatureFor(req, token))).signature })
        } catch (error) {
          if (error instanceof APIError) return managePage({ problem: (error as APIError).status === 410 ? error.message : INVALID_LINK, status: (error as APIError).status })
          throw error
        }
      }
      answerUncached(req)
      return Response.json(await ownView(req, await signatureFor(req, token)))
    },
    method: 'get',
    path: '/manage',
  },
  {
    handler: async (req) => {
      answerUncached(req)
      // The manage page and a site's own page send JSON; a form post from elsewhere is not a signer's click.
      const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'application/json') throw new APIError('Send the action as JSON (Content-Type: application/json).', 415, { reason: 'content-type' }, true)
      await addDataAndFileToRequest(req)
      const body = (req.data ?? {}) as Record<string, unknown>
      const signature = await signatureFor(req, body.token)
      const action = body.action
      if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
        throw invalid('action', `action must be one of ${ACTIONS.join(', ')}.`)
      }
      return act(req, signature, action as Action, body)
    },
    method: 'post',
    path: '/manage',
  },
]
