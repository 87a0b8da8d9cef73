import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions, type V4MiniflareOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { seedDemoAccounts } from '../../api/db/queries/demo-accounts';
import { publishScenarioFile } from '../../api/db/queries/scenarios';
import { parseScenarioText, validateScenario } from '../../api/engine/validator';
import { createDb } from '../../api/db';
import { ensureDevVars } from './dev-vars';

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
): string {
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
  return quiet ? result.stdout : '';
}

const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** The folder holding local D1 and Durable Object state: `persistTo`, CRISIS_DESK_STATE, or wrangler's default. */
const stateDir = (persistTo?: string) =>
  resolve(root, persistTo ?? process.env.CRISIS_DESK_STATE ?? '.wrangler/state');

/**
 * Applies every migration in migrations/ to the local D1 database (the same command deploys use with --remote) and
 * returns the names of those it applied. Wrangler's output (a table per migration) is kept for failures only.
 */
export function migrateLocal(persistTo?: string): string[] {
  const output = run(
    bin('wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir(persistTo)],
    {
      CI: 'true', // no interactive confirmation
      FORCE_COLOR: '0',
    },
    { quiet: true },
  );
  // Every table wrangler prints lists only the migrations it is applying.
  return [...new Set(output.match(/\b\d{4}_[\w-]+\.sql\b/g) ?? [])];
}

/** Builds the web app and the Worker into dist/ (Vite with the Cloudflare plugin), printing only problems. */
export function build(env: NodeJS.ProcessEnv = {}): void {
  run(bin('vite'), ['build', '--logLevel', 'warn'], env);
}

/** The local D1 database, reached from Node through Miniflare. */
export type LocalD1 = Awaited<ReturnType<Miniflare['getD1Database']>>;

/** Miniflare's options for the Worker as wrangler reads it from `configPath` (bindings, assets routing, compatibility). */
function workerOptions(configPath: string) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
  const { modulesRules: _rules, ...options } = workerOptions;
  return options;
}

/** What every local Miniflare shares: state under `persistTo`, nothing fetched from outside. */
const sharedOptions = (persistTo?: string) => ({
  resourcePersistencePath: join(stateDir(persistTo), 'v3'), // the layout wrangler and the Vite plugin use
  resourceTmpPath: join(root, '.wrangler', 'tmp'),
  cf: false,
  log: new Log(LogLevel.WARN),
});

/** A line the Worker logged (console.*), as workerd reports it. */
type WorkerLog = { level: string; message: string };

/**
 * Serves the built Worker and its static assets (`npm run build` output in dist/) on workerd through Miniflare, with
 * the local D1 and Durable Objects persisted under `persistTo`. workerd itself listens on the port: no proxy in front.
 */
export async function serveBuild({
  port,
  persistTo,
  onLog,
  baseline = false,
}: {
  port: number;
  persistTo?: string;
  onLog?: (log: WorkerLog) => void;
  /** Also run the live benchmark's floor (bench/wrangler.toml) on `/api/live/bench/:name/ws`. */
  baseline?: boolean;
}) {
  const built = join(root, 'dist', 'crisis_desk');
  const app = workerOptions(join(built, 'wrangler.json'));
  const vars = (app as { bindings?: Record<string, string> }).bindings;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...sharedOptions(persistTo),
      host: '127.0.0.1',
      port,
      ...(onLog ? { handleStructuredLogs: onLog } : {}),
      workers: [
        {
          ...app,
          // The built config is production's (wrangler.toml); a local run is development, with its own secret.
          bindings: { ...vars, ...ensureDevVars() },
          name: 'crisis-desk',
          modulesRoot: built,
          modules: [{ type: 'ESModule', path: join(built, 'index.js') }],
        },
        ...(baseline ? [baselineWorker()] : []),
      ],
    }),
  );
  const url = new URL(await mf.ready).origin;
  return { url, d1: await mf.getD1Database('DB'), dispose: () => mf.dispose() };
}

/**
 * The live benchmark's floor as a second Worker, bundled by wrangler from bench/wrangler.toml and routed
 * `/api/live/bench/*` on the same port as the app: it is never part of the app's build.
 */
function baselineWorker() {
  const config = join(root, 'bench', 'wrangler.toml');
  const out = join(root, '.wrangler', 'tmp', 'live-baseline');
  run(
    bin('wrangler'),
    ['deploy', '--dry-run', '--outdir', out, '--config', config],
    { FORCE_COLOR: '0' },
    { quiet: true },
  );
  return {
    ...workerOptions(config),
    name: 'crisis-desk-live-baseline',
    routes: ['*/api/live/bench/*'],
    modulesRoot: out,
    modules: [{ type: 'ESModule' as const, path: join(out, 'baseline.js') }],
  };
}

/** One shipped scenario file, read for seeding. */
type ScenarioFile = { slug: string; title: string; content: string };

/** Reads scenarios/*.json and validates each; an invalid file stops the seeding with its problems listed. */
function readScenarioFiles(): ScenarioFile[] {
  const dir = join(root, 'scenarios');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      const parsed = parseScenarioText(text);
      const result = parsed.ok
        ? validateScenario(parsed.value)
        : { ok: false as const, scenario: null, problems: [parsed.problem] };
      if (!result.ok) {
        const list = result.problems.map((p) => `  ${name}: ${p.path || '(file)'}: ${p.message}`).join('\n');
        throw new Error(
          `Not seeding: scenarios/${name} has problems (npm run scenario:check shows the same):\n${list}`,
        );
      }
      return {
        slug: result.scenario.slug,
        title: result.scenario.title,
        content: JSON.stringify(parsed.ok ? parsed.value : null),
      };
    });
}

/**
 * Publishes the shipped scenarios and the demo accounts into a local D1 database through the same queries the Worker
 * uses (D1 caps SQL text at 100 KB, so no SQL file).
 */
export async function seedLocal(d1: LocalD1): Promise<{ file: string; outcome: string }[]> {
  // Local development only: the demo accounts are seeded here and nowhere else.
  const files = readScenarioFiles();
  const db = createDb(d1);
  const outcomes = [];
  for (const file of files) outcomes.push({ file: file.slug, outcome: await publishScenarioFile(db, file) });
  const created = await seedDemoAccounts(db);
  outcomes.push({ file: 'demo accounts', outcome: created ? `${created} created` : 'unchanged' });
  return outcomes;
}

/** Runs `work` against the local D1 database (or the one persisted under `persistTo`), with no Worker running. */
export async function withLocalDb<T>(
  persistTo: string | undefined,
  work: (d1: LocalD1) => Promise<T>,
): Promise<T> {
  // Only the D1 binding: without the Worker's code there is no Durable Object class to warn about.
  const { d1Databases } = workerOptions(join(root, 'wrangler.toml'));
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...sharedOptions(persistTo),
      d1Databases,
      modules: true,
      script: 'export default {}',
    } as V4MiniflareOptions),
  );
  try {
    return await work(await mf.getD1Database('DB'));
  } finally {
    await mf.dispose();
  }
}
