// ESLint (flat config): typescript-eslint's recommended rules, Prettier for layout, the size limits of
// the style guide for product code, and no-restricted-imports mirroring test/architecture.test.ts.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FRAMEWORKS = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  'restify',
  'lowdb',
  'lowdb/*',
  '@microsoft/microsoft-graph-client',
  '@azure/*',
  'pg',
];
const frameworks = { group: FRAMEWORKS, message: 'The domain and the cards stay free of frameworks (design §2).' };

/** Relative imports that climb `depth` folders: from that depth they leave the folder. */
const leaving = (depth, message) => ({ group: [`${'../'.repeat(depth)}*`], message });

/** The domain (src/triage, at any depth up to 3) imports nothing outside itself. */
const domain = [1, 2, 3].map((depth) => ({
  files: [`src/triage/${'*/'.repeat(depth - 1)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [frameworks, leaving(depth, 'src/triage imports nothing outside itself.')] },
    ],
  },
}));

/**
 * Delivery, ingest, digest and audit (at any depth up to 2) reach the bot's state only through their
 * repository ports: the implementations in src/state/ are the composition root's to pick.
 */
const layers = ['delivery', 'ingest', 'digest', 'audit'].flatMap((layer) =>
  [1, 2].map((depth) => ({
    files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...frameworks, message: 'Delivery, ingest, digest and audit use no framework directly (design §2).' },
            {
              group: [`${'../'.repeat(depth)}state/*`],
              message: 'Reach state through its repository port; only the composition root imports src/state/.',
            },
          ],
        },
      ],
    },
  })),
);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'devTools/**', 'appPackage/build/**', 'test/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'bot/**/*.ts', 'cards/**/*.ts'],
    // Seed data: tables of fictitious alerts, incidents and activity.
    ignores: [
      'src/backends/local/local-seed.ts',
      'src/backends/local/local-seed-activity.ts',
      'src/backends/local/local-seed-incidents.ts',
    ],
    rules: {
      'max-lines': ['error', { max: 200 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  ...domain,
  ...layers,
  {
    files: ['cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            frameworks,
            {
              group: ['../bot/*', '../src/*', '!../src/triage', '!../src/i18n'],
              message: 'cards/ imports only domain types and values, and the message catalogues.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/backends/local/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../graph/*'], message: 'The local and the Graph backend never import each other.' }] },
      ],
    },
  },
  {
    files: ['src/backends/graph/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../local/*'], message: 'The local and the Graph backend never import each other.' }] },
      ],
    },
  },
  {
    files: ['src/backends/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./local/*', './graph/*'], message: 'What the backends share imports neither backend.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/backends/alerts-v2/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../local/*', '../graph/*'], message: 'What the backends share imports neither backend.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
