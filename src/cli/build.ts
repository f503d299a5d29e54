/**
 * `npm run build`: a production build that `npm start` will recognise as current.
 * `--if-stale` (what `npm start` runs first) builds only when there is none or the sources changed.
 */
import { buildForProduction, ensureProductionBuild } from '../host/ensureProductionBuild'

if (process.argv.includes('--if-stale')) await ensureProductionBuild()
else await buildForProduction()
