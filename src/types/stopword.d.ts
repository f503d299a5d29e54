// The stopword package ships no types; these cover what Broadside uses.
declare module 'stopword' {
  export function removeStopwords(tokens: string[], stopwords?: string[]): string[]
  export const eng: string[]
}
