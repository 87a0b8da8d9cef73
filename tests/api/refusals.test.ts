import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../api/app';
import { ORIGIN } from './helpers';

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
    body,
  });

// workerd drops the connection of a request whose body is left unread, and a client still uploading then loses the
// answer; so every refusal reads what the client sent (tests/e2e/refusals.test.ts checks the connection itself).
describe('refusals before the body is read', () => {
  it('reads the body of an unauthenticated join it refuses with 401', async () => {
    const request = post(
      '/api/cohorts/join',
      JSON.stringify({ code: 'ZZZZZZZZ', padding: 'x'.repeat(60_000) }),
    );
    const response = await app.request(request, undefined, env);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect(request.bodyUsed).toBe(true);
  });

  it('reads the body it refuses with 413 as too large', async () => {
    const request = post(
      '/api/cohorts/join',
      JSON.stringify({ code: 'ZZZZZZZZ', padding: 'x'.repeat(200_000) }),
    );
    const response = await app.request(request, undefined, env);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'too_large' } });
    expect(request.bodyUsed).toBe(true);
  });

  it('reads the body of a cross-site form post it refuses with 403', async () => {
    const request = post('/api/cohorts/join', 'code=ZZZZZZZZ', {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'https://evil.example',
    });
    const response = await app.request(request, undefined, env);
    expect(response.status).toBe(403);
    expect(request.bodyUsed).toBe(true);
  });

  it('reads the body of a post to an unknown route it answers with 404', async () => {
    const request = post('/api/nowhere', '{}');
    const response = await app.request(request, undefined, env);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(request.bodyUsed).toBe(true);
  });
});
