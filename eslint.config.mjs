// ESLint: the guard rails a Temporal codebase needs (determinism of workflow
// code, no forgotten promises) plus TypeScript's recommended checks.
// Formatting is Prettier's job (eslint-config-prettier turns off style rules).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = builtinModules
  .filter((m) => !m.startsWith('_'))
  .flatMap((m) => [m, `${m}/*`, `node:${m}`, `node:${m}/*`]);

/**
 * What workflow code may not import at run time: Node built-ins and the
 * modules that do I/O. Workflows run in Temporal's deterministic sandbox and
 * replay from history; activities are named with `import type` only.
 */
const workflowForbidden = {
  paths: nodeBuiltins
    .filter((m) => !m.includes('*'))
    .map((name) => ({ name, message: 'Workflow code is deterministic: no Node built-ins (use an activity).' })),
  patterns: [
    { group: ['node:*'], message: 'Workflow code is deterministic: no Node built-ins (use an activity).' },
    {
      group: [
        'pg',
        'express',
        'pino',
        'pino-*',
        'prom-client',
        '@shopify/*',
        '@temporalio/client',
        '@temporalio/worker',
        '@temporalio/activity',
        'lossless-json',
      ],
      message: 'Workflow code does no I/O: call an activity.',
    },
    {
      group: [
        '**/activities',
        '**/activities/*',
        '**/api/*',
        '**/db/*',
        '**/shopify/client',
        '../../orders/*',
        '../../../orders/*',
        '**/partner/*',
        '**/temporal/connection',
        '**/logger',
        '**/config',
        '**/dev/*',
        '**/simulator/*',
      ],
      allowTypeImports: true,
      message:
        'Workflow code imports only contracts and deterministic domain modules at run time (activities with `import type`).',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'src/shopify/generated/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', workflowForbidden],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use a loop with sleep().' },
        { name: 'process', message: 'No process in workflow code.' },
      ],
    },
  },
  prettier,
);
