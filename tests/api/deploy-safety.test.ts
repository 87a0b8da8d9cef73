import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../api/index';
import { Client, ORIGIN, type ErrorBody } from './helpers';

/** One request to the Worker as it would run with `overrides` on top of the tests' bindings. */
async function call(path: string, overrides: Partial<Record<keyof Env, unknown>>, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`${ORIGIN}${path}`, { ...init, headers: { Origin: ORIGIN, ...init.headers } }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return {
    status: response.status,
    cookie: response.headers.get('Set-Cookie'),
    body: await response.json<ErrorBody & Record<string, unknown>>(),
  };
}

describe('a deploy without its secrets (issue 25: the deploy hazard)', () => {
  it('answers every API request 503 misconfigured, health and a guest start included, and signs nothing', async () => {
    const start = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'strikes-across-the-border', side: 'tehran' }),
    };
    for (const [path, init] of [
      ['/api/health', {}],
      ['/api/auth/me', {}],
      ['/api/runs', start],
    ] as const) {
      const reply = await call(path, { ENVIRONMENT: 'production', AUTH_SECRET: undefined }, init);
      expect(reply.status, path).toBe(503);
      expect(reply.cookie, path).toBeNull();
      expect(reply.body.error.code).toBe('misconfigured');
      expect(reply.body.error.message).toContain('wrangler secret put AUTH_SECRET');
    }
  });

  it('refuses a secret too short to be random, and serves once a real one is set', async () => {
    expect((await call('/api/health', { ENVIRONMENT: 'production', AUTH_SECRET: 'secret' })).status).toBe(
      503,
    );
    const up = await call('/api/health', {
      ENVIRONMENT: 'production',
      AUTH_SECRET: 'a-random-production-secret-of-44-characters-',
    });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'ok', environment: 'production' });
  });

  it('refuses production without SECRETS_KEY, which seals secrets at rest', async () => {
    const refused = await call('/api/health', {
      ENVIRONMENT: 'production',
      AUTH_SECRET: 'a-random-production-secret-of-44-characters-',
      SECRETS_KEY: undefined,
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toContain('wrangler secret put SECRETS_KEY');
  });

  it('has no development fallback secret: development without one is refused too, and says how to get one', async () => {
    const refused = await call('/api/health', { ENVIRONMENT: 'development', AUTH_SECRET: undefined });
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toContain('.dev.vars');
  });

  it("does not carry the live benchmark's floor: /api/live/bench/:name/ws is no route, even in development", async () => {
    expect('LIVE_BASELINE' in env).toBe(false);
    const reply = await new Client().call<ErrorBody>('GET', '/api/live/bench/floor/ws', undefined, {
      Upgrade: 'websocket',
    });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });
});
