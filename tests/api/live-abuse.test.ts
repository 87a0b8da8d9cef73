import { beforeAll, describe, expect, it } from 'vitest';
import { cast, ORIGIN, publishShipped } from './helpers';
import { connectLive, openLive } from './live-socket';

// The outside tester's abuse cases (issue 27), through the Worker and the room's object.
let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

async function createSession(extra: Record<string, unknown> = {}) {
  const reply = await people.instructor.client.post<{ code: string }>('/api/live', {
    scenario: 'islamabad-48-hours',
    mode: 'room',
    side: 'islamabad',
    ...extra,
  });
  expect(reply.status).toBe(201);
  return reply.body.code;
}

/** A participant's socket from one device (its cookie), joined under `nickname`. */
async function joinFrom(code: string, nickname: string, device?: string) {
  const c = await openLive(code, device ? { headers: { Cookie: device } } : {});
  await c.next('state');
  c.send({ type: 'join', nickname });
  return { ...c, welcome: await c.next('welcome'), device: device ?? c.setCookie! };
}

describe('nicknames that draw as something else', () => {
  it('refuses stacked marks and look-alike swear words, and takes Arabic-script names', async () => {
    const code = await createSession();
    const c = await openLive(code);
    await c.next('state');
    const tries = {
      'one glyph': 'Z' + '\u0336'.repeat(22),
      'marks on marks': 'Zz' + '\u0489'.repeat(20),
      'stacked Thai marks': 'กก' + '\u0E48\u0E49\u0E4A\u0E4B'.repeat(3),
      'Cyrillic у': 'f\u0443ck',
    };
    for (const [what, nickname] of Object.entries(tries)) {
      c.send({ type: 'join', nickname });
      expect((await c.next('error')).code, what).toBe('bad_message');
    }
    c.send({ type: 'join', nickname: 'علی' });
    expect((await c.next('welcome')).nickname).toBe('علی');
  });
});

describe('the message limit', () => {
  it('counts UTF-8 bytes: 6 KB in under 4,096 UTF-16 units is too large', async () => {
    const code = await createSession();
    const c = await joinFrom(code, 'Una');
    const closed = new Promise<number>((resolve) =>
      c.socket.addEventListener('close', (event) => resolve(event.code)),
    );
    const message = JSON.stringify({ type: 'vote', choiceId: 'first-loud', reason: 'ह'.repeat(2_000) });
    expect(message.length).toBeLessThan(4096);
    expect(new TextEncoder().encode(message).byteLength).toBeGreaterThan(6000);
    c.send(message);
    expect((await c.next('error')).code).toBe('too_large');
    expect(await closed).toBe(1009);
  });
});

describe('where a live socket may come from', () => {
  it("refuses an upgrade from another site's page, and takes one from the app's own", async () => {
    const code = await createSession();
    const foreign = await connectLive(code, { headers: { Origin: 'https://evil.example' } });
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const console = await connectLive(code, {
      role: 'facilitator',
      client: people.instructor.client,
      headers: { Origin: 'https://evil.example' },
    });
    expect(console.status).toBe(403);
    expect((await connectLive(code, { headers: { Origin: ORIGIN } })).status).toBe(101);
  });
});

describe("a facilitator's removal", () => {
  for (const sharded of [false, true])
    it(`bars the removed participant's device for the session${sharded ? ' (sharded)' : ''}`, async () => {
      // LIVE_SHARD_SIZE is 4 in these tests: a cap of 8 uses shards.
      const code = await createSession(sharded ? { maxParticipants: 8 } : {});
      const facilitator = await openLive(code, { role: 'facilitator', client: people.instructor.client });
      await facilitator.next('state');
      const pat = await joinFrom(code, 'Pat');
      expect(pat.device).toMatch(/^live_device=/);
      const closed = new Promise<number>((resolve) =>
        pat.socket.addEventListener('close', (event) => resolve(event.code)),
      );
      facilitator.send({ type: 'remove', participantId: pat.welcome.participantId });
      expect(await closed).toBe(4001);
      // The token no longer works, and the device cannot come back under another nickname.
      for (const token of [pat.welcome.token, undefined])
        expect(
          await connectLive(code, { headers: { Cookie: pat.device }, ...(token ? { token } : {}) }),
        ).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      // Another device joins as before; one removed with `bar: false` may come back.
      const quinn = await joinFrom(code, 'Quinn');
      const gone = new Promise<number>((resolve) =>
        quinn.socket.addEventListener('close', (event) => resolve(event.code)),
      );
      facilitator.send({ type: 'remove', participantId: quinn.welcome.participantId, bar: false });
      expect(await gone).toBe(4001);
      expect((await joinFrom(code, 'Quinn again', quinn.device)).welcome.nickname).toBe('Quinn again');
    });
});
