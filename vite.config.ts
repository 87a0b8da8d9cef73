import { cloudflare } from '@cloudflare/vite-plugin';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { ensureDevVars } from './scripts/lib/dev-vars.ts';

// Nothing may reach outside at run time: miniflare would otherwise fetch a sample `Request.cf`
// object from Cloudflare, and wrangler would send usage metrics.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
process.env.WRANGLER_SEND_METRICS ??= 'false';

// CRISIS_DESK_STATE points local D1/Durable Object state elsewhere (the browser tests use a
// throwaway folder so they never touch the data `npm start` seeded).
const persistState = process.env.CRISIS_DESK_STATE ? { path: process.env.CRISIS_DESK_STATE } : true;

const config: UserConfig = {
  plugins: [solid(), cloudflare({ persistState })],
  resolve: {
    // zod's `z` namespace re-exports every locale; only English is used, so the Worker bundles only that.
    alias: [
      {
        find: /^\.\.\/locales\/index\.js$/,
        replacement: fileURLToPath(new URL('./api/lib/zod-locales.ts', import.meta.url)),
      },
    ],
  },
  // Minify the Worker too (Vite leaves server environments readable by default): it halves what Cloudflare loads.
  // No plugin-timing report: on a busy machine it prints on every build and says nothing about our code.
  build: { outDir: 'dist', minify: true, rolldownOptions: { checks: { bundlerTimings: false } } },
  server: { host: '127.0.0.1', port: 8787 },
  preview: { host: '127.0.0.1', port: 8787, strictPort: true },
};

export default defineConfig(({ command }) => {
  // `vite dev` and `vite preview` are local: they read development settings from .dev.vars, written if missing.
  if (command === 'serve') ensureDevVars();
  return config;
});
