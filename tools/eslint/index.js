// typescript-eslint reads types through TypeScript's JS API, and TypeScript 7 (the project's tsc) ships none. This
// workspace depends on TypeScript 6.0, the same checker in JavaScript, for ESLint alone: npm installs it, and the
// typescript-eslint packages that need it, in tools/eslint/node_modules, so the root's typescript stays 7. The root's
// package.json overrides ts-api-utils' typescript to 6.0 as well: its open peer range would take the root's 7.
// TypeScript 7 is a port of 6.0 and checks the same; where the two differ (seen once: an untyped `let` assigned only
// in a loop), write the type out so that both agree, and run `tsc -b` after `eslint --fix`.
export { default as js } from '@eslint/js';
export { default as tseslint } from 'typescript-eslint';
export { defineConfig, globalIgnores } from 'eslint/config';
