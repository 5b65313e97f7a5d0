// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'src/generated/', '.data/', 'node_modules/', '.tap/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
      ],
    },
  },
  {
    // Tests (and the scale-out check, which is one) may use loose types for response bodies;
    // scripts and the config module read the environment.
    files: ['test/**/*.ts', 'scripts/scale-out.ts', 'scripts/deployment.ts', 'bench/scale-out.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/config.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'prisma.config.ts', 'src/db/migrate.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
