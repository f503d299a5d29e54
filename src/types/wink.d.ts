// wink-bm25-text-search and wink-nlp-utils ship no types; these cover the benchmark's use.
declare module 'wink-bm25-text-search' {
  type Engine = {
    addDoc: (doc: Record<string, string>, id: number | string) => void
    consolidate: (fp?: number) => void
    defineConfig: (config: { bm25Params?: Record<string, number>; fldWeights: Record<string, number> }) => void
    definePrepTasks: (tasks: ((input: never) => unknown)[]) => void
    search: (text: string, limit?: number) => [number | string, number][]
  }
  export default function bm25(): Engine
}
declare module 'wink-nlp-utils' {
  const nlp: {
    string: { lowerCase: (s: string) => string; tokenize0: (s: string) => string[] }
    tokens: { removeWords: (t: string[]) => string[]; stem: (t: string[]) => string[] }
  }
  export default nlp
}
