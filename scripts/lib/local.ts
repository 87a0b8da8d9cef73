import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { seedDemoAccounts } from '../../api/db/queries/demo-accounts';
import { publishScenarioFile } from '../../api/db/queries/scenarios';
import { parseScenarioText, validateScenario } from '../../api/engine/validation';
import { createDb } from '../../api/middleware/db';

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

/** One shipped scenario file, read for seeding. */
export type ScenarioFile = { slug: string; title: string; content: string };

/** Reads scenarios/*.json and validates each; an invalid file stops the seeding with its problems listed. */
export function readScenarioFiles(): ScenarioFile[] {
  const dir = join(root, 'scenarios');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const parsed = parseScenarioText(text);
      const result = parsed.ok ? validateScenario(parsed.value) : { ok: false as const, scenario: null, problems: [parsed.problem] };
      if (!result.ok) {
        const list = result.problems.map((p) => `  ${name}: ${p.path || '(file)'}: ${p.message}`).join('\n');
        throw new Error(`Not seeding: scenarios/${name} has problems (npm run scenario:check shows the same):\n${list}`);
      }
      return { slug: result.scenario.slug, title: result.scenario.title, content: JSON.stringify(parsed.ok ? parsed.value : null) };
    });
}

/**
 * Publishes the shipped scenarios and the demo accounts into the local D1 database through the same queries the Worker uses,
 * reaching the database with wrangler's platform proxy (D1 caps SQL text at 100 KB, so no SQL file).
 */
export async function seedLocal(persistTo?: string): Promise<{ file: string; outcome: string }[]> {
  // Local development only: the demo accounts are seeded here and nowhere else.
  const files = readScenarioFiles();
  return withLocalDb(persistTo, async (db) => {
    const outcomes = [];
    for (const file of files) outcomes.push({ file: file.slug, outcome: await publishScenarioFile(db, file) });
    const created = await seedDemoAccounts(db);
    outcomes.push({ file: 'demo accounts', outcome: created ? `${created} created` : 'unchanged' });
    return outcomes;
  });
}

/** Runs `work` against the local D1 database (or the one persisted under `persistTo`) through wrangler's proxy. */
export async function withLocalDb<T>(persistTo: string | undefined, work: (db: ReturnType<typeof createDb>, d1: Parameters<typeof createDb>[0]) => Promise<T>): Promise<T> {
  // The proxy warns that the Durable Object class is not running; this only needs D1.
  const logLevel = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = 'error';
  const proxy = await getPlatformProxy<{ DB: Parameters<typeof createDb>[0] }>({
    configPath: join(root, 'wrangler.toml'),
    persist: persistTo ? { path: join(persistTo, 'v3') } : true,
    remoteBindings: false,
  });
  try {
    return await work(createDb(proxy.env.DB), proxy.env.DB);
  } finally {
    await proxy.dispose();
    if (logLevel === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = logLevel;
  }
}

/** Starts `vite preview` (the built Worker in workerd) and resolves once it answers. */
export async function startPreview(port: number, persistTo?: string) {
  const child = spawn(bin('vite'), ['preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(persistTo ? { CRISIS_DESK_STATE: persistTo } : {}) },
  });
  // Keep only the tail of the server's output, for error messages (a benchmark logs a line per request).
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
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
