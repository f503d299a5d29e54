import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '.next/',
      // The benchmark's plain Payload app builds into its own folder.
      'src/bench/plainPayload/.next/',
      'src/bench/plainPayload/next-env.d.ts',
      'node_modules/',
      'data/',
      'media/',
      'next-env.d.ts',
      // Written by Payload's generators; regenerated, never edited.
      'src/payload-types.ts',
      'src/migrations/',
      'src/app/(payload)/admin/importMap.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Tests probe JSON whose shape is the thing under test.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
)
