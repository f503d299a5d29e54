import { SlugField as SlugField_2b8867833a34864a02ddf429b0728a40 } from '@payloadcms/next/client'
import { RscEntryLexicalCell as RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { RscEntryLexicalField as RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { LexicalDiffComponent as LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { InlineToolbarFeatureClient as InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HorizontalRuleFeatureClient as HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UploadFeatureClient as UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BlockquoteFeatureClient as BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { RelationshipFeatureClient as RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { LinkFeatureClient as LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ChecklistFeatureClient as ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { OrderedListFeatureClient as OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnorderedListFeatureClient as UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { IndentFeatureClient as IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { AlignFeatureClient as AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HeadingFeatureClient as HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ParagraphFeatureClient as ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { InlineCodeFeatureClient as InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SuperscriptFeatureClient as SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SubscriptFeatureClient as SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { StrikethroughFeatureClient as StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnderlineFeatureClient as UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BoldFeatureClient as BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ItalicFeatureClient as ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SectionsPanel as SectionsPanel_31d88fcc3a929160408375f788d61fc0 } from '../../../../collections/sections/admin/SectionsPanel'
import { RefreshingJoinField as RefreshingJoinField_38ff506ae4fa216e20276622537d9d02 } from '../../../../src/admin/RefreshingJoinField'
import { PublishChecklist as PublishChecklist_587ff2f1b0d31d881662b4923493f529 } from '../../../../collections/sections/admin/PublishChecklist'
import { RelatedLinksPanel as RelatedLinksPanel_bc04bb87cab5a34b829e2c3f4e0c9d3b } from '../../../../collections/related-links/admin/RelatedLinksPanel'
import { SiteStatus as SiteStatus_bf7fc6117525055b87ff41eef50bee2e } from '../../../../collections/webhooks/admin/SiteStatus'
import { HeadingCell as HeadingCell_9e824f80b48a6e1e720f76b50ad9e21b } from '../../../../collections/sections/admin/SectionCells'
import { ExcerptCell as ExcerptCell_9e824f80b48a6e1e720f76b50ad9e21b } from '../../../../collections/sections/admin/SectionCells'
import { ActionLabel as ActionLabel_086e97f63a58e1b3bf0b05215ad0e74b } from '../../../../collections/sections/admin/ActionLabel'
import { PetitionProgressField as PetitionProgressField_393c67d921d3fc3f165782e033f88817 } from '../../../../collections/petitions/admin/PetitionProgressField'
import { SendTestEvent as SendTestEvent_17304b8035a7625cadee1c9a9b949755 } from '../../../../collections/webhooks/admin/WebhookAction'
import { EventTypesCell as EventTypesCell_314db311fb299812b81b11374818d382 } from '../../../../collections/webhooks/admin/EventTypeChips'
import { EventTypesField as EventTypesField_314db311fb299812b81b11374818d382 } from '../../../../collections/webhooks/admin/EventTypeChips'
import { Redeliver as Redeliver_17304b8035a7625cadee1c9a9b949755 } from '../../../../collections/webhooks/admin/WebhookAction'
import { ImportPagesNavLink as ImportPagesNavLink_8c5af411298b630c96d91ddcbf2aeaf1 } from '../../../../src/import/admin/ImportPagesNavLink'
import { OpenPetitions as OpenPetitions_54ea5a22b8a2e3662ae4581ba5996593 } from '../../../../collections/petitions/admin/OpenPetitions'
import { BlockedDrafts as BlockedDrafts_d553f08683f2c585230a17638f7f564d } from '../../../../collections/sections/admin/BlockedDrafts'
import { ImportPagesView as ImportPagesView_5a2ba76b322af5c4ff1ee60ede987de1 } from '../../../../src/import/admin/ImportPagesView'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "@payloadcms/next/client#SlugField": SlugField_2b8867833a34864a02ddf429b0728a40,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalCell": RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalField": RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#LexicalDiffComponent": LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/client#InlineToolbarFeatureClient": InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HorizontalRuleFeatureClient": HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UploadFeatureClient": UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BlockquoteFeatureClient": BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#RelationshipFeatureClient": RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#LinkFeatureClient": LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ChecklistFeatureClient": ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#OrderedListFeatureClient": OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnorderedListFeatureClient": UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#IndentFeatureClient": IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#AlignFeatureClient": AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HeadingFeatureClient": HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ParagraphFeatureClient": ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#InlineCodeFeatureClient": InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SuperscriptFeatureClient": SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SubscriptFeatureClient": SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#StrikethroughFeatureClient": StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnderlineFeatureClient": UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BoldFeatureClient": BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ItalicFeatureClient": ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "/collections/sections/admin/SectionsPanel#SectionsPanel": SectionsPanel_31d88fcc3a929160408375f788d61fc0,
  "/src/admin/RefreshingJoinField#RefreshingJoinField": RefreshingJoinField_38ff506ae4fa216e20276622537d9d02,
  "/collections/sections/admin/PublishChecklist#PublishChecklist": PublishChecklist_587ff2f1b0d31d881662b4923493f529,
  "/collections/related-links/admin/RelatedLinksPanel#RelatedLinksPanel": RelatedLinksPanel_bc04bb87cab5a34b829e2c3f4e0c9d3b,
  "/collections/webhooks/admin/SiteStatus#SiteStatus": SiteStatus_bf7fc6117525055b87ff41eef50bee2e,
  "/collections/sections/admin/SectionCells#HeadingCell": HeadingCell_9e824f80b48a6e1e720f76b50ad9e21b,
  "/collections/sections/admin/SectionCells#ExcerptCell": ExcerptCell_9e824f80b48a6e1e720f76b50ad9e21b,
  "/collections/sections/admin/ActionLabel#ActionLabel": ActionLabel_086e97f63a58e1b3bf0b05215ad0e74b,
  "/collections/petitions/admin/PetitionProgressField#PetitionProgressField": PetitionProgressField_393c67d921d3fc3f165782e033f88817,
  "/collections/webhooks/admin/WebhookAction#SendTestEvent": SendTestEvent_17304b8035a7625cadee1c9a9b949755,
  "/collections/webhooks/admin/EventTypeChips#EventTypesCell": EventTypesCell_314db311fb299812b81b11374818d382,
  "/collections/webhooks/admin/EventTypeChips#EventTypesField": EventTypesField_314db311fb299812b81b11374818d382,
  "/collections/webhooks/admin/WebhookAction#Redeliver": Redeliver_17304b8035a7625cadee1c9a9b949755,
  "/src/import/admin/ImportPagesNavLink#ImportPagesNavLink": ImportPagesNavLink_8c5af411298b630c96d91ddcbf2aeaf1,
  "/collections/petitions/admin/OpenPetitions#OpenPetitions": OpenPetitions_54ea5a22b8a2e3662ae4581ba5996593,
  "/collections/sections/admin/BlockedDrafts#BlockedDrafts": BlockedDrafts_d553f08683f2c585230a17638f7f564d,
  "/src/import/admin/ImportPagesView#ImportPagesView": ImportPagesView_5a2ba76b322af5c4ff1ee60ede987de1,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
