// Local development's settings live in .dev.vars (git-ignored), the file wrangler and the Vite plugin read for
// local runs; the checked-in wrangler.toml is production as it stands (README: Configuration).
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';

const root = resolve(import.meta.dirname, '..', '..');
export const devVarsPath = join(root, '.dev.vars');

/** What a local run needs: development mode and a secret of its own (never a value written in the repository). */
const needed = (): Record<string, string> => ({
  ENVIRONMENT: 'development',
  AUTH_SECRET: randomBytes(32).toString('base64url'),
  SECRETS_KEY: randomBytes(32).toString('base64'),
});

/**
 * Reads .dev.vars, first writing it (or the settings it lacks) so that `npm start` and `npm run dev` work on a fresh
 * clone, and returns its variables.
 */
export function ensureDevVars(path = devVarsPath): Record<string, string> {
  if (!existsSync(path))
    writeFileSync(
      path,
      '# Local development settings, written by `npm start` / `npm run dev` when missing. Git-ignored; never deployed.\n',
    );
  const present = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  const missing = Object.entries(needed()).filter(([key]) => !(key in present));
  if (missing.length) appendFileSync(path, missing.map(([key, value]) => `${key}=${value}\n`).join(''));
  return { ...Object.fromEntries(missing), ...present };
}
