/** `npm run build`: a production build that `npm start` will recognise as current. */
import { buildForProduction } from '../host/ensureProductionBuild'

await buildForProduction()
