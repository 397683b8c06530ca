// One lint configuration for the monorepo: ESLint's and typescript-eslint's recommended rules, the
// type-aware rules that catch lost promises, React's hooks rules in the web app. Formatting is
// Prettier's (`.prettierrc.json`); layer directions and cycles are dependency-cruiser's
// (`.dependency-cruiser.cjs`). `pnpm lint` runs all three with zero warnings allowed.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      '**/test-results/**',
      // Compiled by their own test, against types that exist only once that test generated them.
      'apps/server/test/openapi-client/fixture/**',
      'examples/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.cjs', 'apps/server/build.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // `typeof import('x')` stays allowed: it names an optional dependency's types without loading it.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always'],
      // Names, titles and paths are checked for control characters on purpose, by regex.
      'no-control-regex': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read loosely typed JSON answers, and scripts talk to a terminal.
    files: [
      '**/test/**',
      '**/e2e/**',
      '**/*.test.{ts,tsx}',
      '**/test-support/**',
      '**/bench/**',
      '**/build/**',
      '**/*.mjs',
      '*.cjs',
      'apps/server/src/main.ts',
      'apps/server/src/check-store.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-console': 'off' },
  },
);
