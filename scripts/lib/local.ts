import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..');

// Keep every tool offline: no sample `Request.cf` fetch, no usage metrics.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
process.env.WRANGLER_SEND_METRICS ??= 'false';

/** Runs a command from the repo root, streaming its output; throws when it fails. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  { quiet = false } = {},
): void {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    const output = quiet ? `\n${result.stdout}${result.stderr}` : '';
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}${output}`);
  }
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const persistArgs = (persistTo?: string) => (persistTo ? ['--persist-to', persistTo] : []);

/** Applies every migration in migrations/ to the local D1 database (the same command deploys use with --remote). */
export function migrateLocal(persistTo?: string): void {
  run(bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', ...persistArgs(persistTo)], {
    CI: 'true', // no interactive confirmation
  });
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** One shipped scenario file, read for seeding. */
export type ScenarioFile = { slug: string; title: string; content: string };

/** Reads scenarios/*.json; the slug is the file name. */
export function readScenarioFiles(): ScenarioFile[] {
  const dir = join(root, 'scenarios');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const content = readFileSync(join(dir, name), 'utf8');
      const parsed = JSON.parse(content) as { title?: unknown };
      return {
        slug: name.replace(/\.json$/, ''),
        title: typeof parsed.title === 'string' ? parsed.title : name,
        content: JSON.stringify(JSON.parse(content)),
      };
    });
}

/**
 * SQL that publishes each scenario file, idempotently: an unchanged file adds nothing, a changed
 * one becomes a new published version and retires the old (runs stay pinned to theirs).
 */
export function seedScenariosSql(files: ScenarioFile[], now = Date.now()): string {
  return files
    .map(({ slug, title, content }) => {
      const hash = createHash('sha256').update(content).digest('hex');
      const scenarioOf = `(SELECT id FROM scenarios WHERE slug = ${sqlString(slug)})`;
      return [
        `INSERT INTO scenarios (id, slug, owner_id, created_at) VALUES (${sqlString(randomUUID())}, ${sqlString(slug)}, NULL, ${now}) ON CONFLICT(slug) DO NOTHING;`,
        `UPDATE scenario_versions SET status = 'retired' WHERE scenario_id = ${scenarioOf} AND status = 'published' AND content_hash <> ${sqlString(hash)};`,
        `INSERT INTO scenario_versions (id, scenario_id, version, status, title, content, content_hash, created_at, published_at)
  SELECT ${sqlString(randomUUID())}, s.id, COALESCE((SELECT MAX(version) FROM scenario_versions WHERE scenario_id = s.id), 0) + 1,
    'published', ${sqlString(title)}, ${sqlString(content)}, ${sqlString(hash)}, ${now}, ${now}
  FROM scenarios s WHERE s.slug = ${sqlString(slug)}
    AND NOT EXISTS (SELECT 1 FROM scenario_versions v WHERE v.scenario_id = s.id AND v.content_hash = ${sqlString(hash)});`,
        `UPDATE scenario_versions SET status = 'published' WHERE scenario_id = ${scenarioOf} AND content_hash = ${sqlString(hash)};`,
      ].join('\n');
    })
    .join('\n');
}

/** Seeds the local D1 database with the shipped scenarios. */
export function seedLocal(persistTo?: string): number {
  const files = readScenarioFiles();
  if (files.length === 0) return 0;
  const dir = mkdtempSync(join(tmpdir(), 'crisis-desk-seed-'));
  try {
    const file = join(dir, 'seed.sql');
    writeFileSync(file, seedScenariosSql(files));
    run(bin('wrangler'), ['d1', 'execute', 'DB', '--local', '--file', file, ...persistArgs(persistTo)], {
      CI: 'true',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return files.length;
}

/** Starts `vite preview` (the built Worker in workerd) and resolves once it answers. */
export async function startPreview(port: number, persistTo?: string) {
  const child = spawn(bin('vite'), ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(persistTo ? { CRISIS_DESK_STATE: persistTo } : {}) },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return { url, child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`vite preview did not answer within 60 s:\n${output}`);
}
