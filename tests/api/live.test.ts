import { evictDurableObject } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const request = (path: string, init?: RequestInit) =>
  exports.default.fetch(new Request(`http://crisis-desk.test${path}`, init));

/** Opens the room's WebSocket through the Worker, as a browser would. */
async function connect(code: string) {
  const response = await request(`/api/live/${code}/ws`, { headers: { Upgrade: 'websocket' } });
  expect(response.status).toBe(101);
  const socket = response.webSocket;
  if (!socket) throw new Error('no WebSocket in the 101 response');
  const messages: unknown[] = [];
  const waiters: Array<() => void> = [];
  socket.addEventListener('message', (event) => {
    messages.push(JSON.parse(event.data as string));
    waiters.shift()?.();
  });
  socket.accept();
  const next = async () => {
    if (messages.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return messages.shift();
  };
  return { socket, next };
}

describe('GET /api/live/:code/ws', () => {
  it('opens a WebSocket on the session object and says hello', async () => {
    const { socket, next } = await connect('ABC234');
    expect(await next()).toEqual({ type: 'hello', room: 'ABC234', connections: 1 });
    socket.send('ping');
    expect(await next()).toEqual({ type: 'echo', data: 'ping' });
    socket.close(1000, 'done');
  });

  it('keeps answering after the object is evicted (hibernation API)', async () => {
    const { socket, next } = await connect('EVCT23');
    await next();
    await evictDurableObject(env.LIVE_SESSION.getByName('EVCT23'));
    socket.send('still there?');
    expect(await next()).toEqual({ type: 'echo', data: 'still there?' });
    socket.close(1000, 'done');
  });

  it('answers 426 in the error shape to a request that is not an upgrade', async () => {
    const response = await request('/api/live/ABC234/ws');
    expect(response.status).toBe(426);
    expect(await response.json()).toMatchObject({ error: { code: 'upgrade_required' } });
  });

  it('rejects a malformed session code with a 400 that names the problem', async () => {
    const response = await request('/api/live/not-a-code/ws', { headers: { Upgrade: 'websocket' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details[0]?.path).toBe('code');
  });
});
