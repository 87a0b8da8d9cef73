import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from '../../scripts/lib/chromium';
import { migrateLocal, root, run, seedLocal, startPreview } from '../../scripts/lib/local';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromiumPath: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });

/** Builds the app and serves it on workerd with a throwaway, migrated and seeded D1. */
export default async function setup(project: TestProject) {
  const chromiumPath = ensureChromium();
  const state = mkdtempSync(join(tmpdir(), 'crisis-desk-e2e-'));
  run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { CRISIS_DESK_STATE: state });
  migrateLocal(state);
  await seedLocal(state);
  const server = await startPreview(await freePort(), state);
  project.provide('baseUrl', server.url);
  project.provide('chromiumPath', chromiumPath);
  return () => {
    server.child.kill();
    rmSync(state, { recursive: true, force: true });
  };
}
