/** Whether a Lexical rich-text value holds any visible text (not only empty paragraphs). */
export function richTextHasText(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length > 0
  if (!value || typeof value !== 'object') return false
  const node = value as { children?: unknown[]; root?: unknown; text?: unknown }
  if (typeof node.text === 'string' && node.text.trim()) return true
  if (node.root) return richTextHasText(node.root)
  return Array.isArray(node.children) && node.children.some(richTextHasText)
}
