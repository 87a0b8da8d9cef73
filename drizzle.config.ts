import { defineConfig } from 'drizzle-kit';

// drizzle-kit only writes SQL here; `wrangler d1 migrations apply` is what applies it.
export default defineConfig({
  dialect: 'sqlite',
  schema: './api/db/schema.ts',
  out: './migrations',
  casing: 'snake_case',
});
