// HTTP and browser tests run the real production server, which needs a current build.
import { ensureProductionBuild } from '../../src/host/ensureProductionBuild'

export default async function setup(): Promise<void> {
  await ensureProductionBuild()
}
