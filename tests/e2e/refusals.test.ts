import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { signInCookie } from '../../scripts/lib/test-server';
import { baseUrl } from './browser';

// Refusals answered before the request body is read, through the served app (workerd on a socket, as `npm start`).

const expectJsonError = async (response: Response, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
};

/** Opens a WebSocket handshake with node:http and resolves with the status and body of a refusal, or 101. */
function upgrade(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; contentType?: string; body: string }>((resolve, reject) => {
    const req = request(`${baseUrl()}${path}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: '' });
    });
    req.on('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'], body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends a POST whose body the Worker refuses unread, then a second request on the same keep-alive connection; resolves
 * with every status line received before the connection closed or 5 s passed.
 */
function refusalThenNextRequest(body: string) {
  return new Promise<{ statuses: string[]; firstBody: string; error?: string }>((resolve) => {
    const { port } = new URL(baseUrl());
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    let sentSecond = false;
    const done = (error?: string) => {
      clearTimeout(timer);
      socket.destroy();
      const statuses = received.match(/HTTP\/1\.1 \d{3}/g) ?? [];
      resolve({
        statuses,
        firstBody: received.match(/\{"error":.*?\}\}/)?.[0] ?? '',
        ...(error ? { error } : {}),
      });
    };
    const timer = setTimeout(() => done('timed out'), 5000);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (!sentSecond && /"error":\{.*\}\}/.test(received)) {
        sentSecond = true;
        socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      } else if (sentSecond && received.includes('HTTP/1.1 200')) done();
    });
    socket.on('error', (error) => done(error.message));
    socket.on('close', () => done('closed'));
    socket.write(
      `POST /api/cohorts/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    socket.write(body);
  });
}

describe('refusals before the body is read', () => {
  it('answers 40 unauthenticated joins in a row with the JSON 401', async () => {
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${baseUrl()}/api/cohorts/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: 'ZZZZZZZZ' }),
      });
      await expectJsonError(response, 401, 'unauthenticated');
    }
  });

  it('answers 40 concurrent unauthenticated joins with the JSON 401', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${baseUrl()}/api/cohorts/join`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: 'ZZZZZZZZ' }),
        }),
      ),
    );
    for (const response of responses) await expectJsonError(response, 401, 'unauthenticated');
  });

  it('reads a refused 60 KB body to its end, so the connection survives for the next request', async () => {
    const result = await refusalThenNextRequest(
      JSON.stringify({ code: 'ZZZZZZZZ', padding: 'x'.repeat(60_000) }),
    );
    expect(result).toMatchObject({ statuses: ['HTTP/1.1 401', 'HTTP/1.1 200'] });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.firstBody)).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('reads a 200 KB body it refuses as too large, so the connection survives for the next request', async () => {
    const result = await refusalThenNextRequest(
      JSON.stringify({ code: 'ZZZZZZZZ', padding: 'x'.repeat(200_000) }),
    );
    expect(result).toMatchObject({ statuses: ['HTTP/1.1 413', 'HTTP/1.1 200'] });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.firstBody)).toMatchObject({ error: { code: 'too_large' } });
  });

  it('answers a cross-site form post with the JSON 403', async () => {
    const response = await fetch(`${baseUrl()}/api/cohorts/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: 'code=ZZZZZZZZ',
    });
    await expectJsonError(response, 403, 'forbidden');
  });
});

describe('refusals of the live WebSocket route', () => {
  it('answers a request without an upgrade with the JSON 426', async () => {
    await expectJsonError(await fetch(`${baseUrl()}/api/live/ABCDEF/ws`), 426, 'upgrade_required');
  });

  it('refuses a console upgrade from someone other than the facilitator with the JSON 403', async () => {
    const refusal = await upgrade('/api/live/ABCDEF/ws?role=facilitator');
    expect(refusal.status).toBe(403);
    expect(refusal.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(refusal.body)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('refuses an upgrade to an unknown session with the JSON 404, and accepts one to a real session', async () => {
    const refusal = await upgrade('/api/live/ABCDEF/ws');
    expect(refusal.status).toBe(404);
    expect(JSON.parse(refusal.body)).toMatchObject({ error: { code: 'not_found' } });

    const cookie = await signInCookie(baseUrl(), DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
    const created = await fetch(`${baseUrl()}/api/live`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: baseUrl(), Cookie: cookie },
      body: JSON.stringify({ scenario: 'islamabad-48-hours', mode: 'room', side: 'islamabad' }),
    });
    const { code } = (await created.json()) as { code: string };
    expect((await upgrade(`/api/live/${code}/ws`)).status).toBe(101);
  });
});
