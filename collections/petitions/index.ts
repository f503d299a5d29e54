/**
 * Petitions plugin: the "Sign Our Petition" call — petitions with drafts, their signatures
 * (private to editors and admins), the `petition` field on articles, and the confirmation
 * email each new signer gets, with its link to manage the signature (./confirmations).
 */
import type { Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { addHostRoute } from '../../src/plugins/hostRoutes'
import { extendCollection, extendGlobal, hasCollection } from '../../src/plugins/extendCollection'
import { addBeforeClose } from '../../src/utilities/beforeClose'
import { ARTICLES, PETITIONS, SITE_SETTINGS } from '../slugs'
import { manageSignatureEndpoints } from './confirmations/manageEndpoints'
import { sendConfirmationsTask, settleConfirmations, startConfirmationSweep } from './confirmations/sendConfirmations'
import { eraseSignerEndpoint } from './endpoints/eraseSigner'
import { exportSignaturesEndpoint } from './endpoints/exportSignatures'
import { signEndpoint } from './endpoints/sign'
import { signersEndpoint } from './endpoints/signers'
import { signatureCountAsInt } from './graphQLCount'
import { petitionsCollection } from './Petitions'
import { signaturesCollection } from './Signatures'
import { drainSignatureBatches } from './signing/signatureBatches'
import { signPetition } from './signing/signPetition'

export type PetitionsPluginOptions = {
  /**
   * Keep the collections and fields (for migrations) but drop the hooks and the sweep that
   * sends confirmation emails.
   * @default false
   */
  disabled?: boolean
  /** Changes to the `petitions` collection. */
  petitionsOverrides?: CollectionOverrides
  /** Changes to the `signatures` collection. */
  signaturesOverrides?: CollectionOverrides
}

export const petitionsPlugin =
  (options: PetitionsPluginOptions = {}): Plugin =>
  (incomingConfig: Config): Config => {
    const petitions = { ...petitionsCollection(), endpoints: [signEndpoint, signersEndpoint, exportSignaturesEndpoint] }
    if (hasCollection(incomingConfig, ARTICLES)) {
      petitions.fields.push({ name: 'articles', type: 'join', collection: ARTICLES, defaultLimit: 50, defaultSort: '-publishedAt', on: 'petition' })
    }
    const signatures = { ...signaturesCollection(), endpoints: [eraseSignerEndpoint, ...manageSignatureEndpoints] }
    let config: Config = {
      ...incomingConfig,
      admin: {
        ...incomingConfig.admin,
        components: {
          ...incomingConfig.admin?.components,
          beforeDashboard: [...(incomingConfig.admin?.components?.beforeDashboard ?? []), '/collections/petitions/admin/OpenPetitions#OpenPetitions'],
        },
      },
      collections: [
        ...(incomingConfig.collections ?? []),
        applyCollectionOverrides(petitions, options.petitionsOverrides, options),
        applyCollectionOverrides(signatures, options.signaturesOverrides, options),
      ],
      jobs: { ...incomingConfig.jobs, tasks: [...(incomingConfig.jobs?.tasks ?? []), sendConfirmationsTask] },
    }
    if (!options.disabled) {
      const autoRun = incomingConfig.jobs?.autoRun
      config.jobs = {
        ...config.jobs,
        // Only a process that runs jobs sweeps the outbox for confirmations no nudge sent.
        autoRun: async (payload) => {
          payload.crons.push(startConfirmationSweep(payload))
          return typeof autoRun === 'function' ? autoRun(payload) : (autoRun ?? [])
        },
      }
    }
    config = extendCollection(config, ARTICLES, {
      fields: [
        {
          name: 'petition',
          type: 'relationship',
          admin: { description: 'The "Sign Our Petition" call on this page; empty uses the site default.', position: 'sidebar' },
          relationTo: PETITIONS,
        },
      ],
    })
    config = extendGlobal(config, SITE_SETTINGS, [
      {
        name: 'defaultPetition',
        type: 'relationship',
        admin: { description: 'For pages without a petition of their own.' },
        relationTo: PETITIONS,
      },
    ])
    config = signatureCountAsInt(config)
    if (options.disabled) return config
    // Signing floods skip Next: the express host serves this path itself (src/host/hostRoutes).
    config = addHostRoute(config, {
      handle: async ({ body, clientAddress, params, payload }) => signPetition({ body, clientAddress, payload, petitionId: params.id ?? '' }),
      method: 'post',
      path: `/${PETITIONS}/:id/sign`,
    })
    // Before the database closes: signatures waiting for their batch are written, then the
    // confirmation emails being sent settle (the batches nudge the sender).
    config = addBeforeClose(config, drainSignatureBatches)
    return addBeforeClose(config, settleConfirmations)
  }
