import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/db/queries/demo-accounts';
import { signInCookie, startThrowawayServer } from '../../scripts/lib/test-server';

// The fields of the server's messages (api/live/protocol.ts) that this test reads.
type Message = {
  type: string;
  token?: string;
  nickname?: string;
  round?: { id: string; status: string } | null;
  vote?: unknown;
};
let server: Awaited<ReturnType<typeof startThrowawayServer>>;
beforeAll(async () => {
  server = await startThrowawayServer();
});
afterAll(() => server?.stop());

function socket(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers } as unknown as string[]);
  const inbox: Message[] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener('message', (event) => {
    inbox.push(JSON.parse(String(event.data)) as Message);
    waiters.splice(0).forEach((w) => w());
  });
  const next = async (type: string, where: (m: Message) => boolean = () => true) => {
    for (;;) {
      const i = inbox.findIndex((m) => m.type === type && where(m));
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { ws, next, opened: new Promise((resolve) => ws.addEventListener('open', resolve)) };
}

describe('a live session across a server restart', () => {
  it('keeps the open vote and every cast vote', async () => {
    const cookie = await signInCookie(server.url, DEMO_ACCOUNTS[1].email, DEMO_PASSWORD);
    const created = await fetch(`${server.url}/api/live`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: cookie },
      body: JSON.stringify({ scenario: 'islamabad-48-hours', mode: 'room', side: 'islamabad' }),
    });
    const { code } = (await created.json()) as { code: string };
    const ws = server.url.replace('http', 'ws');
    const facilitator = socket(`${ws}/api/live/${code}/ws?role=facilitator`, { Cookie: cookie });
    const participant = socket(`${ws}/api/live/${code}/ws`);
    await Promise.all([facilitator.opened, participant.opened]);
    participant.ws.send(JSON.stringify({ type: 'join', nickname: 'Uma' }));
    const { token } = await participant.next('welcome');
    facilitator.ws.send(JSON.stringify({ type: 'open', seconds: 300 }));
    await participant.next('state', (m) => m.round?.status === 'open');
    participant.ws.send(JSON.stringify({ type: 'vote', choiceId: 'first-private', reason: 'Buy time.' }));
    await participant.next('voted');

    await server.restart();

    const back = socket(`${ws}/api/live/${code}/ws?token=${token}`);
    await back.opened;
    expect((await back.next('welcome')).nickname).toBe('Uma');
    const state = await back.next('state');
    expect(state.round).toMatchObject({ status: 'open', votes: 1 });
    // Their own vote comes back in their own message, for the round on screen.
    expect((await back.next('you')).vote).toEqual({
      roundId: state.round?.id,
      choiceId: 'first-private',
      reason: 'Buy time.',
    });
    back.ws.close();
  });
});
