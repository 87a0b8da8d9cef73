import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const request = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`http://crisis-desk.test${path}`, init));

describe('GET /api/health', () => {
  it('reads D1 and counts the published public scenarios, not private ones', async () => {
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO scenarios (id, slug, visibility) VALUES ('s1', 'test-scenario', 'public'), ('s2', 'secret-scenario', 'private')",
      ),
      env.DB.prepare(
        "INSERT INTO scenario_versions (id, scenario_id, version, status, title, content, content_hash) VALUES ('v1', 's1', 1, 'published', 'T', '{}', 'h'), ('v2', 's1', 2, 'draft', 'T', '{}', 'h2'), ('v3', 's2', 1, 'published', 'S', '{}', 'h3')",
      ),
    ]);
    const response = await request('/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok', publishedScenarios: 1 });
  });

  it('puts a request id and a strict CSP on every response', async () => {
    const response = await request('/api/health');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
  });

  it('answers a failing database with a JSON 500 that carries no stack trace', async () => {
    // Break D1 for this test file's isolated storage by dropping the table the route reads.
    await env.DB.exec('DROP TABLE scenario_versions');
    const response = await request('/api/health');
    expect(response.status).toBe(500);
    const body = await response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message).toContain(response.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/at |scenario_versions|SQLITE/);
  });
});

describe('unknown API paths', () => {
  it('answers a JSON 404 in the error shape, even to a browser navigation', async () => {
    const response = await request('/api/no-such-thing', { headers: { Accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No API route for GET /api/no-such-thing.' },
    });
  });
});
