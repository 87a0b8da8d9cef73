// Build-time stand-in for zod's locale index (see vite.config.ts): the API speaks English, and the full index
// (some fifty locales) would otherwise be bundled whole because zod's `z` namespace re-exports it.
export { default as en } from 'zod/v4/locales/en.js';
