import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The layers of src/, bottom up: a file may import its own layer and the ones below it.
// Features import another feature only through that feature's index.ts.
const LAYERS = [
  { type: 'app', pattern: 'src/app' },
  { type: 'testing', pattern: 'src/testing' },
  { type: 'http', pattern: 'src/http' },
  { type: 'infra', pattern: 'src/infra/*', capture: ['part'] },
  { type: 'common', pattern: 'src/common' },
  { type: 'feature', pattern: 'src/*', capture: ['feature'] },
];
const allow = (...types) => ({ to: { element: { types: { anyOf: types } } } });

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      'migrations/',
      '.data/',
      'test/package/host-app/',
      'test/package/fastify-host/',
      'test/api/client/usage.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest's dynamic-module factories take injected values of any type.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': LAYERS,
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            { from: { element: { type: 'common' } }, allow: allow('common') },
            { from: { element: { type: 'infra' } }, allow: allow('common', 'infra') },
            { from: { element: { type: 'http' } }, allow: allow('common', 'infra', 'http') },
            { from: { element: { type: 'feature' } }, allow: allow('common', 'infra', 'http') },
            {
              from: { element: { type: 'feature' } },
              allow: { to: { element: { type: 'feature', captured: { feature: '{{ from.element.captured.feature }}' } } } },
            },
            { from: { element: { type: 'feature' } }, allow: { to: { element: { type: 'feature', fileInternalPath: 'index.ts' } } } },
            {
              from: { element: { types: { anyOf: ['app', 'testing'] } } },
              allow: allow('common', 'infra', 'http', 'feature', 'app', 'testing'),
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Jest reads its configuration and reporters as CommonJS.
    files: ['jest.config.js', 'jest.topology.config.js', 'jest.contract.config.js', 'test/support/timing-reporter.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { module: 'writable', process: 'readonly', require: 'readonly' },
    },
  },
  {
    // Plain Node scripts (the benchmark, db:lint): no TypeScript project, Node's globals.
    files: ['test/perf/bench/**/*.mjs', 'test/support/**/*.mjs', 'scripts/**/*.mjs', '.ci/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
      },
    },
  },
  prettier,
);
