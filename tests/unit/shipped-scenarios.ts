import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../../api/engine';

const dir = join(import.meta.dirname, '..', '..', 'scenarios');

/** Every scenario file shipped in scenarios/, parsed (validation is the tests' job). */
export const shippedScenarios = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((file) => ({ file, scenario: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Scenario }));

/** A small deterministic PRNG so searches in tests are repeatable. */
export function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
