import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Every TypeScript file under `dir`, skipping dependencies and build output. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist'].includes(entry.name) ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The engine modules a file imports, as written (`engine`, `engine/validator`, `engine/view`...). */
const engineImports = (file: string) =>
  [
    ...readFileSync(join(root, file), 'utf8').matchAll(
      /from '(?:\.\.?\/)+(?:api\/)?(engine(?:\/[\w./-]+)?)'/g,
    ),
  ].map((match) => match[1]!);

describe("the engine's entries", () => {
  it('are the only way into api/engine from the rest of the code', () => {
    const outside = ['api', 'web', 'scripts', 'bench', 'tests']
      .flatMap(sources)
      .filter((file) => !relative('api/engine', file).match(/^[^.]/));
    const pastTheEntries = outside.flatMap((file) =>
      engineImports(file)
        .filter((module) => module !== 'engine' && module !== 'engine/validator')
        .map((module) => `${file} imports ${module}`),
    );
    expect(pastTheEntries).toEqual([]);
  });

  it('keep zod out of the runtime entry, so the player page does not load it', () => {
    // Follow the runtime's value imports (type-only ones vanish at build time) and collect the packages they reach.
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (module: string) => {
      if (seen.has(module)) return;
      seen.add(module);
      const text = readFileSync(join(root, 'api/engine', `${module}.ts`), 'utf8');
      for (const [, names, from] of text.matchAll(/^(?:import|export) (type )?[^;]*? from '([^']+)'/gm)) {
        if (names) continue;
        if (from!.startsWith('./')) visit(from!.slice(2));
        else packages.add(from!);
      }
    };
    visit('index');
    expect(seen.has('schema')).toBe(false);
    expect([...packages]).toEqual([]);
  });
});
