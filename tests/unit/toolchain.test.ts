import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const lockfile = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** Every version of `name` the lockfile installs, wherever it is nested. */
const versionsOf = (name: string) => [
  ...new Set(
    Object.entries(lockfile.packages)
      .filter(([path]) => path.endsWith(`node_modules/${name}`))
      .map(([, entry]) => entry.version),
  ),
];

describe('the local Workers toolchain', () => {
  // `npm run dev` (Vite plugin), the tests (Vitest plugin), `npm start` (miniflare) and the CLI must run the same runtime.
  it.each(['wrangler', 'miniflare', 'workerd', '@cloudflare/workerd-linux-64'])(
    'installs one version of %s',
    (name) => {
      expect(versionsOf(name)).toHaveLength(1);
    },
  );

  it('runs a workerd that knows our compatibility date', () => {
    const date = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8').match(
      /^compatibility_date = "([\d-]+)"/m,
    )?.[1];
    const [, build] = versionsOf('workerd')[0]!.split('.');
    expect(date!.replaceAll('-', '') <= build!).toBe(true);
  });
});
