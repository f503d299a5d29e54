import { convertLexicalToHTML } from '@payloadcms/richtext-lexical/html'

/** A Lexical rich-text value as HTML (Payload's own converter); nothing for an empty one. */
export const richText = (value: unknown) => (value ? convertLexicalToHTML({ data: value as never, disableContainer: true }) : '')
