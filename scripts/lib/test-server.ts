import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevVars } from './dev-vars';
import { build, migrateLocal, seedLocal, serveBuild, type LocalD1 } from './local';

/** A free TCP port on the loopback interface. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/**
 * Builds the app and serves it on workerd with a throwaway D1 (migrated, seeded, then given to `prepare`), for
 * the browser tests and the benchmarks. `stop()` ends the server and deletes its state.
 */
export async function startThrowawayServer(
  prepare?: (d1: LocalD1) => Promise<void>,
  { baseline = false }: { baseline?: boolean } = {},
) {
  const state = mkdtempSync(join(tmpdir(), 'crisis-desk-'));
  // Vitest sets NODE_ENV=test, which would make Vite bundle Solid's development build; test what ships.
  ensureDevVars(); // the build and the server read local settings from .dev.vars (written if missing)
  build({ NODE_ENV: 'production' });
  migrateLocal(state);
  const port = await freePort();
  // Keep only the tail of the Worker's log, for error messages (a benchmark logs a line per request).
  let output = '';
  const onLog = ({ message }: { message: string }) => void (output = `${output}${message}\n`.slice(-20_000));
  let server = await serveBuild({ port, persistTo: state, onLog, baseline });
  await seedLocal(server.d1);
  await prepare?.(server.d1);
  return {
    url: server.url,
    /** The tail of the Worker's log. */
    output: () => output,
    /** The folder holding its D1 and Durable Object state (for `withLocalDb`). */
    state,
    /** Stops workerd and starts it again on the same port and state, as a crash and restart would. */
    restart: async () => {
      await server.dispose();
      server = await serveBuild({ port, persistTo: state, onLog, baseline });
    },
    stop: async () => {
      await server.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Signs in to a running server and returns the session cookie, for benchmarks and tests that speak HTTP. */
export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
