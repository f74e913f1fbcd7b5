// Strict TypeScript linting (ARCHITECTURE.md habit 12): type-aware rules for promises and
// exhaustive switches, React hooks rules for the SPA, and no `.only` left in tests.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import formatjs from 'eslint-plugin-formatjs';
import walls from './eslint/walls.js';
import clientFacing from './src/web/i18n/client-facing.json' with { type: 'json' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'No .only in committed tests' },
        { object: 'it', property: 'only', message: 'No .only in committed tests' },
        { object: 'test', property: 'only', message: 'No .only in committed tests' },
      ],
      'no-console': 'off',
    },
  },
  // Walls (src/server/README.md): another server module is reached only through its index.ts, from
  // other modules and from everything outside them (app.ts, services.ts, plugins, testing, scripts,
  // bench, e2e). The module-level cycle test is src/structure.test.ts.
  {
    files: ['src/server/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    plugins: { walls },
    rules: { 'walls/public-face': ['error', { root: 'src/server/modules', publicFaces: ['index.ts'] }] },
  },
  // db/schema.ts assembles every module's table.ts into Database: the one file that reads them.
  {
    files: ['src/server/db/schema.ts'],
    rules: { 'walls/public-face': ['error', { root: 'src/server/modules', publicFaces: ['index.ts', 'table.ts'] }] },
  },
  // The SPA's features (src/web/README.md): another feature is reached only through its index.ts,
  // from other features, the shells (app/), shared code and main.tsx alike. Its own block (files:
  // src/web only), so neither block overrides the other.
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { walls },
    rules: {
      'walls/public-face': ['error', { root: 'src/web/features', publicFaces: ['index.ts'] }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // What a client sees is written through react-intl (src/web/i18n, issue 19): in the client-facing
  // files (the one list, src/web/i18n/client-facing.json, also read by the Spanish coverage test
  // scripts/i18n-coverage.test.ts) no literal text in JSX nor in the props that become words
  // (aria-*, label, description, placeholder, title, alt, ...), and every message has an explicit
  // dot-namespaced id and its English as defaultMessage.
  {
    files: clientFacing.files.filter((g) => !g.startsWith('!')),
    ignores: clientFacing.files.filter((g) => g.startsWith('!')).map((g) => g.slice(1)),
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': [
        'error',
        { props: { include: [['*', '{label,description,placeholder,title,alt,what,brand,hint,legend,heading,summary,emptyText}']] } },
      ],
      'formatjs/enforce-default-message': ['error', 'literal'],
      'formatjs/enforce-id': ['error', { idInterpolationPattern: '[sha512:contenthash:base64:6]', idWhitelist: ['^[a-z][a-zA-Z0-9]*(\\.[a-zA-Z0-9-]+)+$'] }],
      'formatjs/no-invalid-icu': 'error',
      'formatjs/enforce-placeholders': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
