// Prints the Worker bundle size (as `wrangler deploy` would upload it) and the web bundle sizes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, run } from '../scripts/lib/local';
import { printTable } from './table';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = (file: string) => {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};

run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error']);

const out = mkdtempSync(join(tmpdir(), 'crisis-desk-bundle-'));
try {
  run(
    join(root, 'node_modules', '.bin', 'wrangler'),
    ['deploy', '--dry-run', '--outdir', out],
    {},
    { quiet: true },
  );
  const worker = readdirSync(out).filter((name) => name.endsWith('.js'));
  const rows = worker.map((name) => {
    const { raw, gzip } = sizes(join(out, name));
    return [`worker: ${name}`, kb(raw), kb(gzip)];
  });
  const assets = join(root, 'dist', 'client', 'assets');
  let totalJs = 0;
  for (const name of readdirSync(assets).sort()) {
    const file = join(assets, name);
    if (!statSync(file).isFile() || name.endsWith('.map')) continue;
    const { raw, gzip } = sizes(file);
    if (name.endsWith('.js')) totalJs += gzip;
    rows.push([`web: ${name}`, kb(raw), kb(gzip)]);
  }
  rows.push(['web: all JavaScript', '', kb(totalJs)]);
  printTable('Bundle sizes', ['bundle', 'raw', 'gzip'], rows);
} finally {
  rmSync(out, { recursive: true, force: true });
}
