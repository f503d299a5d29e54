/**
 * The production server as plain JavaScript, compiled by `npm run build` beside Next's output.
 *
 * Run under tsx, the server carried about 100 MB more than the same code compiled (measured:
 * 285–307 MB against 187–194 MB idle, one process, SQLite): tsx's loader thread is a second V8
 * instance that sees every module Payload and Next load, and its module lexer keeps a WebAssembly
 * memory as large as the largest file it ever read (15 MB, for Next's chunks). Development, the
 * CLI and the tests' in-process Payload keep tsx; the server `npm start` runs does not.
 *
 * Our own files are bundled (their imports have no extensions, which Node's ESM loader requires);
 * packages stay in node_modules. Code that finds files beside itself (`import.meta.url`,
 * `import.meta.dirname`) still finds them: those are rewritten to the source file's location,
 * relative to the bundle, so the project folder can move after a build.
 */
import type { Plugin } from 'esbuild'

import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** Where the build writes the server, inside Next's output folder (built, ignored and cleaned together). */
export const SERVER_BUNDLE_DIR = '.next/broadside'
export const SERVER_BUNDLE = `${SERVER_BUNDLE_DIR}/server.mjs`
/** `npm start`'s supervising parent (src/start.ts), compiled beside the server. */
export const START_BUNDLE = `${SERVER_BUNDLE_DIR}/start.mjs`

export async function bundleServer(rootDir: string): Promise<void> {
  const { build } = await import('esbuild')
  const outdir = path.join(rootDir, SERVER_BUNDLE_DIR)
  await build({
    absWorkingDir: rootDir,
    bundle: true,
    entryNames: '[name]',
    entryPoints: { server: path.join(rootDir, 'src/server.ts'), start: path.join(rootDir, 'src/start.ts') },
    format: 'esm',
    jsx: 'automatic',
    logLevel: 'warning',
    outdir,
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    platform: 'node',
    plugins: [sourceLocations(outdir)],
    sourcemap: 'linked',
    // Each dynamic import becomes its own file, so what it brings (the MongoDB driver, a
    // database's migrations) loads only when that import runs.
    splitting: true,
    target: 'node20',
  })
}

/**
 * Node's options for the compiled server: the `production` export conditions the build resolved
 * packages with, and, with SOURCE_MAPS=true, stack traces mapped back to the TypeScript sources.
 * Off by default: Node then reads and keeps the map of every module it loads, Next's and
 * Payload's chunks included (about 90 MB of strings, measured in a heap snapshot).
 */
export function serverNodeArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['--conditions=production', ...(env.SOURCE_MAPS === 'true' ? ['--enable-source-maps'] : [])]
}

/** `import.meta.url` and friends of each bundled source file, as that file's own location. */
function sourceLocations(outdir: string): Plugin {
  return {
    name: 'broadside-source-locations',
    setup(build) {
      build.onLoad({ filter: /\.(ts|tsx|mts)$/ }, async ({ path: file }) => {
        if (file.includes(`${path.sep}node_modules${path.sep}`)) return undefined
        const source = await readFile(file, 'utf8')
        if (!source.includes('import.meta.')) return undefined
        const fromBundle = JSON.stringify(path.relative(outdir, file).split(path.sep).join('/'))
        const url = `new URL(${fromBundle}, import.meta.url).href`
        const contents = source
          .replaceAll('import.meta.url', url)
          .replaceAll('import.meta.filename', `__broadsideFileURLToPath(${url})`)
          .replaceAll('import.meta.dirname', `__broadsideDirname(__broadsideFileURLToPath(${url}))`)
        const helpers = "import { fileURLToPath as __broadsideFileURLToPath } from 'node:url'\nimport { dirname as __broadsideDirname } from 'node:path'\n"
        return { contents: helpers + contents, loader: file.endsWith('.tsx') ? 'tsx' : 'ts' }
      })
    },
  }
}
