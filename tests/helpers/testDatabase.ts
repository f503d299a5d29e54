/** Tests use the scratch databases benchmarks use: one fresh database per test file. */
export {
  createScratchDatabase as createTestDatabase,
  type DatabaseEngine as TestEngine,
  engineFromEnv as testEngine,
  type ScratchDatabase as TestDatabase,
} from '../../src/database/scratchDatabase'
