import { describe, expect, it } from 'vitest';
import { Client } from './helpers';

describe('errors our code can answer carry the JSON error shape', () => {
  it('answers a very long unknown API path with a JSON 404 whose message stays short', async () => {
    // URLs up to the runtime's own limit (about 16 KB; past it the runtime answers 414/431 before the Worker runs).
    const reply = await new Client().call('GET', `/api/${'a'.repeat(15_000)}`);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
    expect(reply.body.error.message.length).toBeLessThan(200);
    expect(reply.text.length).toBeLessThan(400);
  });

  it('answers methods no route takes with a JSON 404, never an empty 405', async () => {
    const client = new Client();
    for (const [method, path] of [
      ['PUT', '/api/runs'],
      ['DELETE', '/api/health'],
      ['PATCH', `/api/runs/${crypto.randomUUID()}`],
      ['OPTIONS', '/api/runs'],
      ['POST', '/api/live/ABCDEF/ws'],
    ] as const) {
      const reply = await client.call(method, path);
      expect(reply.status, `${method} ${path}`).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    }
  });
});
