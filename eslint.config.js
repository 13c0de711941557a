// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // deploy/ is a package of its own (the CDK app): its own tsc and tests check it.
  { ignores: ['node_modules/', '.data/', 'coverage/', 'dist/', 'deploy/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Migrations describe the database as it was when they were written, so they
    // take an untyped Kysely instead of today's Database interface.
    files: ['db/migrations/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['lib/cli/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    // Scripts we serve to browsers.
    files: ['lib/assets/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', URL: 'readonly', DOMParser: 'readonly', SwaggerUIBundle: 'readonly' } },
  },
);
