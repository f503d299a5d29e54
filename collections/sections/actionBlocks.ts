/**
 * The typed actions a To Do section lists: what readers can do about the news.
 */
import type { Block, CollectionSlug, TextFieldSingleValidation } from 'payload'

import { webUrl } from '../../src/validation/webUrl'

/**
 * A field every action of its block needs, checked on save rather than marked `required`: a
 * required field is non-null in GraphQL (`String!`), and one query reading several blocks with
 * inline fragments cannot select `title` typed `String!` in events and `String` in petitions (nor
 * `name` in organisations and officials). Petitions and officials may come without title or name
 * (the importer writes them so), so same-named fields stay optional in the schema, all alike.
 */
const needs =
  (what: string): TextFieldSingleValidation =>
  (value) =>
    typeof value === 'string' && value.trim() !== '' ? true : `${what} is required.`

/** Every block's row is labelled by what it holds (admin/ActionLabel.tsx). */
const labelledByContent = { components: { Label: '/collections/sections/admin/ActionLabel#ActionLabel' } }

export function actionBlocks({ petitionsSlug }: { petitionsSlug?: CollectionSlug }): Block[] {
  return ([
    {
      slug: 'petition',
      // Named apart from the collections (a `Petition` type exists already) in GraphQL and TypeScript.
      graphQL: { singularName: 'PetitionAction' },
      interfaceName: 'PetitionAction',
      fields: [
        ...(petitionsSlug
          ? [{ name: 'petition', type: 'relationship' as const, admin: { description: 'One of ours…' }, relationTo: petitionsSlug }]
          : []),
        { name: 'url', type: 'text', admin: { description: '…or one hosted elsewhere.' }, validate: webUrl },
        { name: 'platform', type: 'text', admin: { description: 'e.g. Change.org, MoveOn' } },
        { name: 'title', type: 'text' },
      ],
      labels: { plural: 'Petitions', singular: 'Petition' },
    },
    {
      slug: 'contactOfficial',
      graphQL: { singularName: 'ContactOfficialAction' },
      interfaceName: 'ContactOfficialAction',
      fields: [
        { name: 'name', type: 'text' },
        { name: 'office', type: 'text' },
        { name: 'email', type: 'email' },
        { name: 'phone', type: 'text' },
        { name: 'contactUrl', type: 'text', validate: webUrl },
        { name: 'postalAddress', type: 'textarea' },
        { name: 'sampleMessage', type: 'textarea' },
      ],
      labels: { plural: 'Officials to contact', singular: 'Official to contact' },
    },
    {
      slug: 'supportOrganization',
      graphQL: { singularName: 'SupportOrganizationAction' },
      interfaceName: 'SupportOrganizationAction',
      fields: [
        { name: 'name', type: 'text', admin: { description: 'Required.' }, validate: needs("An organisation's name") },
        { name: 'url', type: 'text', validate: webUrl },
        { name: 'description', type: 'textarea' },
      ],
      labels: { plural: 'Organisations to support', singular: 'Organisation to support' },
    },
    {
      slug: 'attendEvent',
      graphQL: { singularName: 'AttendEventAction' },
      interfaceName: 'AttendEventAction',
      fields: [
        { name: 'title', type: 'text', admin: { description: 'Required.' }, validate: needs("An event's title") },
        { name: 'where', type: 'text' },
        { name: 'when', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'url', type: 'text', validate: webUrl },
      ],
      labels: { plural: 'Events to attend', singular: 'Event to attend' },
    },
    {
      slug: 'share',
      graphQL: { singularName: 'ShareAction' },
      interfaceName: 'ShareAction',
      fields: [
        { name: 'hashtags', type: 'text', hasMany: true },
        { name: 'text', type: 'textarea' },
      ],
      labels: { plural: 'Things to share', singular: 'Something to share' },
    },
    {
      slug: 'note',
      graphQL: { singularName: 'NoteAction' },
      interfaceName: 'NoteAction',
      fields: [{ name: 'body', type: 'richText' }],
      labels: { plural: 'Notes', singular: 'Note' },
    },
  ] satisfies Block[]).map((block) => ({ ...block, admin: labelledByContent }))
}
