import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/artifacts/**', 'src/config/schemas/validators.generated.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  // Import layers (DESIGN.md): cli → runtime → roles → plugins → src/*. Only src/cli and the process assembly
  // (src/runtime/process.ts, which loads config with the plugin registry) see roles and plugins; a role
  // never imports another role; a plugin imports src/*, plugins/types.ts, plugins/context.ts and plugins/shared/,
  // never a role or another plugin.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/runtime/process.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/roles/**', '**/plugins/**'], message: 'src/ is the bottom layer: it never imports roles or plugins (only src/cli and src/runtime/process.ts may).' }] }],
    },
  },
  {
    files: ['roles/*/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*/**', '!../../**'], message: 'a role never imports another role: share through src/ (or talk through the ProwJob store).' }] }],
    },
  },
  {
    files: ['plugins/*/**/*.ts'],
    ignores: ['plugins/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/roles/**'], message: 'a plugin never imports a role.' },
        { group: ['../*/**', '!../shared/**', '!../../**'], message: 'a plugin never imports another plugin: move what both need to plugins/shared/.' },
      ] }],
    },
  },
  {
    files: ['plugins/*.ts', 'plugins/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/roles/**'], message: 'plugins never import roles.' }] }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
