import type { CollectionBeforeChangeHook } from 'payload'

/** Set in `req.context` by the public sign path: its signatures get a confirmation email. */
export const SIGNED_BY_VISITOR = 'signedByVisitor'

/**
 * A signature entered through the admin or the API (a paper petition typed in, an import) gets
 * no confirmation email: nobody there asked for one, and an editor's typo would mail a
 * stranger. It is marked as handled and as confirmed when it is stored (so a name it shows is
 * listed among the signers); its consent counts only if an admin sets
 * `consentConfirmedAt` from the signer's own confirmation. The public sign path (and its lean
 * batched insert, which runs no hooks) leaves the mark empty, so the sender picks the row up.
 */
export const noEmailForAdminEntries: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation !== 'create' || req.context?.[SIGNED_BY_VISITOR]) return data
  const now = new Date().toISOString()
  // The editor who typed it in vouches for it, as a signer's own link would (it may be listed).
  return { ...data, confirmationSentAt: data.confirmationSentAt ?? now, confirmedAt: data.confirmedAt ?? now }
}
