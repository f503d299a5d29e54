/**
 * Petitions plugin: the "Sign Our Petition" call — petitions with drafts, their signatures
 * (private to editors and admins), and the `petition` field on articles.
 */
import type { Config, Plugin } from 'payload'

import type { CollectionOverrides } from '../../src/plugins/collectionOverrides'

import { applyCollectionOverrides } from '../../src/plugins/collectionOverrides'
import { addHostRoute } from '../../src/plugins/hostRoutes'
import { addBeforeClose } from '../../src/utilities/beforeClose'
import { extendCollection, extendGlobal, hasCollection } from '../../src/plugins/extendCollection'
import { ARTICLES, PETITIONS, SITE_SETTINGS } from '../slugs'
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
   * Keep the collections and fields (for migrations) but drop the hooks.
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
    const signatures = { ...signaturesCollection(), endpoints: [eraseSignerEndpoint] }
    let config: Config = {
      ...incomingConfig,
      collections: [
        ...(incomingConfig.collections ?? []),
        applyCollectionOverrides(petitions, options.petitionsOverrides, options),
        applyCollectionOverrides(signatures, options.signaturesOverrides, options),
      ],
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
    // Signatures waiting for their batch are written before the database closes.
    return addBeforeClose(config, drainSignatureBatches)
  }
