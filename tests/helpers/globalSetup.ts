// HTTP and browser tests run the real production server, which needs a current build.
// `npm run test:mongodb` without MONGODB_URI runs on an in-process MongoDB emulator.
import { ensureProductionBuild } from '../../src/host/ensureProductionBuild'
import { startMongoEmulator } from './mongoEmulator'

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  await ensureProductionBuild()
  if (process.env.TEST_DATABASE === 'mongodb' && !process.env.MONGODB_URI) return startMongoEmulator()
  return undefined
}
