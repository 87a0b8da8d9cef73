// ESLint: typescript-eslint's recommended type-aware rules over the whole codebase, `npm run lint` (part of `npm test`).
// The packages come from the tools/eslint workspace, which gives typescript-eslint the TypeScript JS API it needs.
import { defineConfig, globalIgnores, js, tseslint } from '@crisis-desk/eslint';

export default defineConfig(
  // Generated or written by tools, like .prettierignore.
  globalIgnores([
    'dist/',
    '.tsbuild/',
    '.wrangler/',
    'bench/out/',
    'migrations/',
    'worker-configuration.d.ts',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // Each file is checked with the types of the tsconfig that includes it (tsconfig.json's references).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Solid drops what an event handler or a callback prop returns: async handlers catch and show their own
      // failures, and a resource's refetch keeps its failure in the resource.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Adding our variables to workers-types' ambient `Cloudflare.Env` takes a namespace (api/env.ts).
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      // ...and an interface that only extends another (api/env.ts adds our variables to both Env interfaces).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // A leading underscore marks a binding kept on purpose (a parameter a signature needs, a skipped element).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Solid's compiler assigns the variable a `ref={element}` names, which ESLint cannot see.
    files: ['web/**/*.tsx'],
    rules: { 'no-unassigned-vars': 'off' },
  },
  {
    // Plain scripts the browser loads as they are (public/) and this file: no tsconfig includes them.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
);
