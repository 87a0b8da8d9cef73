// What a plain `wrangler deploy` would upload (issue 25's deploy hazard): the checked-in configuration as wrangler
// reads it, with no .dev.vars or environment in play.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';

const root = join(import.meta.dirname, '..', '..');

/** The parts of wrangler's resolved configuration these tests read. */
type Config = {
  vars: Record<string, unknown>;
  secrets?: { required?: string[] };
  durable_objects: { bindings: { class_name: string }[] };
  migrations: { deleted_classes?: string[] }[];
};
const read = (...path: string[]) =>
  (unstable_readConfig as (args: { config: string }) => Config)({ config: join(root, ...path) });

describe('wrangler.toml is production-safe as checked in', () => {
  const config = read('wrangler.toml');

  it('is production, and requires AUTH_SECRET and SECRETS_KEY to be set before a deploy', () => {
    expect(config.vars.ENVIRONMENT).toBe('production');
    expect(config.secrets?.required).toEqual(['AUTH_SECRET', 'SECRETS_KEY']);
    expect(Object.keys(config.vars)).not.toContain('AUTH_SECRET');
  });

  it("has no binding to the live benchmark's floor, and its class is deleted for deploys that had it", () => {
    const bound = config.durable_objects.bindings.map((b) => b.class_name);
    expect(bound).toEqual(['LiveSession', 'LiveShard']);
    expect(config.migrations.at(-1)).toMatchObject({ deleted_classes: ['LiveBaseline'] });
  });

  it("keeps the floor in the benchmark's own configuration", () => {
    const bench = read('bench', 'wrangler.toml');
    expect(bench.durable_objects.bindings.map((b) => b.class_name)).toEqual(['LiveBaseline']);
  });
});
