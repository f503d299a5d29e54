/** A Lexical rich-text value holding one paragraph of plain text (fixtures, seeds, benchmarks). */
export function lexicalParagraph(text: string) {
  return lexicalParagraphs([text])
}

/**
 * A Lexical rich-text value of plain-text paragraphs. Built directly rather than through the
 * markdown converter: republished news text is not markdown, and a `*` or a leading `#` in it
 * must stay as written.
 */
export function lexicalParagraphs(texts: string[]) {
  return {
    root: {
      children: texts.map((text) => ({
        children: [{ detail: 0, format: 0, mode: 'normal', style: '', text, type: 'text', version: 1 }],
        direction: 'ltr',
        format: '',
        indent: 0,
        textFormat: 0,
        type: 'paragraph',
        version: 1,
      })),
      direction: 'ltr',
      format: '',
      indent: 0,
      type: 'root',
      version: 1,
    },
  }
}
