import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'generated/**',
      'tests/fixtures/*/generated/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The runtime serves any API: it imports packages and itself, never the Conduit service
    // (src/ around it) nor one API's generated code.
    files: ['src/runtime/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*'],
              message: 'src/runtime/ must not import the service or generated code around it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The service above the models sees the Database interface and the registry only: which
    // backend runs is the URL's business (src/conduit/models/backends.ts), so a new backend is a folder
    // and a registry line, with nothing above src/conduit/models/ to change.
    files: ['src/**'],
    ignores: ['src/conduit/models/**', 'src/runtime/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/models/*/**'],
              message:
                'Use src/conduit/models/backends.ts and the repository interfaces, not a backend folder.',
            },
          ],
        },
      ],
    },
  },
);
