import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateLocal, root, run, seedLocal, startPreview } from './local';

/** A free TCP port on the loopback interface. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/**
 * Builds the app and serves it on workerd with a throwaway D1 (migrated, seeded, then given to `prepare`), for
 * the browser tests and the benchmarks. `stop()` ends the server and deletes its state.
 */
export async function startThrowawayServer(prepare?: (state: string) => Promise<void>) {
  const state = mkdtempSync(join(tmpdir(), 'crisis-desk-'));
  // Vitest sets NODE_ENV=test, which would make Vite bundle Solid's development build; test what ships.
  run(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { CRISIS_DESK_STATE: state, NODE_ENV: 'production' });
  migrateLocal(state);
  await seedLocal(state);
  await prepare?.(state);
  const port = await freePort();
  let server = await startPreview(port, state);
  return {
    url: server.url,
    /** The folder holding its D1 and Durable Object state (for `withLocalDb`). */
    state,
    /** Stops the server and starts it again on the same port and state, as a crash and restart would. */
    restart: async () => {
      server.child.kill();
      await new Promise((resolve) => server.child.once('exit', resolve));
      server = await startPreview(port, state);
    },
    stop: () => {
      server.child.kill();
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
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
