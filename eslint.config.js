// ESLint: typescript-eslint's recommended rules everywhere, React's hook rules on the
// React code. `npm run lint`; .ci/run runs it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.cache/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks an argument or binding that is there on purpose
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Matching control characters is the point of the sanitizer, the log colour
      // parser and the tests that prove no escape code reaches the terminal.
      'no-control-regex': 'off',
    },
  },
  {
    // React code: the components and hooks, and the tests that render them
    files: ['src/views/**/*.{ts,tsx}', 'src/app.tsx', 'test/component/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // Tests read the server's JSON as it comes; typing every probe of it would say nothing.
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
