import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { liveSessions } from '../../api/db/schema';
import { createDb } from '../../api/db';
import { claimLiveCode } from '../../api/db/queries/live';
import type { ServerMessage } from '../../api/live/protocol';
import { cast, Client, publishShipped, shipped } from './helpers';
import { connectLive, openLive } from './live-socket';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

const connect = connectLive;
const open = openLive;
/** A route's error reply, as the raw calls of these tests read it. */
type ErrorReply = { error: { code: string } };

async function createSession(
  body: Record<string, unknown> = { scenario: 'islamabad-48-hours', mode: 'room', side: 'islamabad' },
) {
  const reply = await people.instructor.client.post<{ code: string }>('/api/live', body);
  expect(reply.status).toBe(201);
  return reply.body.code;
}

async function joined(code: string, nickname: string, team?: string) {
  const c = await open(code);
  await c.next('state');
  c.send({ type: 'join', nickname, ...(team ? { team } : {}) });
  const welcome = await c.next('welcome');
  return { ...c, welcome };
}

describe('creating a live session', () => {
  it('is for instructors, from a published scenario, with a valid mode', async () => {
    expect(
      (
        await people.student.client.post('/api/live', {
          scenario: 'islamabad-48-hours',
          mode: 'room',
          side: 'islamabad',
        })
      ).status,
    ).toBe(403);
    expect(
      (await people.instructor.client.post('/api/live', { scenario: 'islamabad-48-hours', mode: 'room' }))
        .status,
    ).toBe(400);
    expect(
      (await people.instructor.client.post('/api/live', { scenario: 'islamabad-48-hours', mode: 'teams' }))
        .status,
    ).toBe(400);
    expect(
      (await people.instructor.client.post('/api/live', { scenario: 'nope', mode: 'room', side: 'x' }))
        .status,
    ).toBe(404);
    expect(await createSession()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
  });

  it('draws another code when the first one is already taken by an earlier session', async () => {
    const taken = await createSession();
    const db = createDb(env.DB);
    const [existing] = await db.select().from(liveSessions).where(eq(liveSessions.code, taken));
    const candidates = [taken, 'FRESH2'];
    const code = await claimLiveCode(
      db,
      (candidate) => ({ ...existing!, id: crypto.randomUUID(), code: candidate }),
      () => candidates.shift()!,
    );
    expect(code).toBe('FRESH2');
    expect(candidates).toEqual([]);
    expect(
      (await db.select().from(liveSessions).where(eq(liveSessions.code, taken))).map((r) => r.id),
    ).toEqual([existing!.id]);
  });
});

describe('results of a session still running', () => {
  it('are not there until it ends', async () => {
    const code = await createSession();
    expect(
      (await people.instructor.client.get<ErrorReply>(`/api/live/${code}/results`)).body.error.code,
    ).toBe('not_ended');
  });
});

describe('GET /api/live/:code', () => {
  it('tells anyone at once whether a code names a session: 200 with its status, 404 for a mistyped one, 400 for a malformed one', async () => {
    const code = await createSession();
    const guest = new Client();
    const found = await guest.get<{ code: string; status: string }>(`/api/live/${code}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ code, status: 'open' });
    const missing = await guest.get<{ error: { code: string; message: string } }>('/api/live/ZZZZ22');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      code: 'not_found',
      message: 'There is no live session with the code ZZZZ22.',
    });
    expect((await guest.get<ErrorReply>('/api/live/not-a-code')).body.error.code).toBe('invalid_request');
  });
});

describe('GET /api/live/:code/ws', () => {
  it('answers 426 to a request that is not an upgrade, 400 to a bad code and 404 to an unknown one', async () => {
    expect((await new Client().get('/api/live/ABC234/ws')).status).toBe(426);
    expect((await connect('not-a-code')).status).toBe(400);
    expect((await connect('ZZZZ22')).status).toBe(404);
  });

  it('keeps the console and projector to the facilitator', async () => {
    const code = await createSession();
    expect((await connect(code, { role: 'facilitator' })).status).toBe(403);
    expect((await connect(code, { role: 'facilitator', client: people.student.client })).status).toBe(403);
    expect((await connect(code, { role: 'projector', client: people.instructor.client })).status).toBe(101);
  });
});

describe('a room session', () => {
  it('runs a vote: join, vote, change a vote, live tally for the facilitator only, reveal, advance with the majority', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    expect((await facilitator.next('hello')).role).toBe('facilitator');
    const ana = await joined(code, 'Ana');
    const ben = await joined(code, 'Ben');
    const cy = await joined(code, 'Cy');
    // Joins reach the console in batches, as a roster.
    expect((await facilitator.rosterOf(3)).map((p) => p.nickname)).toEqual(['Ana', 'Ben', 'Cy']);

    facilitator.send({ type: 'open', seconds: 60 });
    const opened = await ana.next('state', (m) => m.round?.status === 'open');
    expect(opened.decision!.title).toBe('The first hours');
    // No choice's feedback, effects or historical mark as a field (the side's briefing may say "historical" in prose).
    expect(JSON.stringify(opened)).not.toMatch(/"(feedback|feedbackIf|effects|historical)"/);
    expect(opened.briefing).toMatchObject({ side: 'islamabad', label: 'Islamabad' });
    expect(opened.round!.tally).toBeNull();

    ana.send({ type: 'vote', choiceId: 'first-measured' });
    ben.send({ type: 'vote', choiceId: 'first-loud', reason: 'Own the story.' });
    cy.send({ type: 'vote', choiceId: 'first-measured' });
    await ana.next('voted');
    await ben.next('voted');
    await cy.next('voted');
    ana.send({ type: 'vote', choiceId: 'first-loud' });
    expect((await ana.next('voted')).choiceId).toBe('first-loud');
    const tally = await facilitator.next('tally', (m) => m.counts['first-loud'] === 2);
    expect(tally.counts).toEqual({ 'first-measured': 1, 'first-loud': 2, 'first-private': 0 });
    // Participants see only how many have voted until the reveal.
    expect(ben.inbox.some((m) => m.type === 'tally')).toBe(false);

    facilitator.send({ type: 'close' });
    const revealed = await cy.next('state', (m) => m.round?.status === 'closed');
    expect(revealed.round!.tally).toEqual({ 'first-measured': 1, 'first-loud': 2, 'first-private': 0 });
    // The state is shared by everyone in the room: nobody's own vote is in it.
    expect(JSON.stringify(revealed)).not.toMatch(/yourVote|first-measured"\s*}/);
    ana.send({ type: 'vote', choiceId: 'first-measured' });
    expect((await ana.next('error')).code).toBe('voting_closed');

    facilitator.send({ type: 'advance' });
    const next = await ana.next('state', (m) => m.path.length === 1);
    expect(next.path[0]).toMatchObject({
      title: 'The first hours',
      choice: expect.stringContaining('Condemn it loudly') as unknown,
      decidedBy: 'majority',
    });
    const loud = shipped
      .find((x) => x.slug === 'islamabad-48-hours')!
      .nodes.flatMap((n) => n.choices ?? [])
      .find((c) => c.id === 'first-loud')!;
    // The side that decided reads the choice's feedback.
    expect(next.lastOutcome!.text).toBe(loud.feedback);
    expect(next.decision!.title).toBe('Diplomatic measures');
  });

  it('sends the live tally to the projector only while it shows the bars, and its vote count otherwise', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const projector = await open(code, { role: 'projector', client: people.instructor.client });
    const ida = await joined(code, 'Ida');
    facilitator.send({ type: 'open', seconds: 60 });
    expect((await projector.next('state', (m) => m.round?.status === 'open')).round!.tally).toBeNull();
    ida.send({ type: 'vote', choiceId: 'first-loud' });
    await facilitator.next('tally', (m) => m.votes === 1);
    expect((await projector.next('votes', (m) => m.votes === 1)).votes).toBe(1);
    expect(projector.inbox.some((m) => m.type === 'tally')).toBe(false);
    facilitator.send({ type: 'project', tally: true });
    const shown = await projector.next('state', (m) => m.projector.tally);
    expect(shown.round!.tally).toMatchObject({ 'first-loud': 1 });
    ida.send({ type: 'vote', choiceId: 'first-measured' });
    expect((await projector.next('tally', (m) => m.counts['first-measured'] === 1)).votes).toBe(1);
  });

  it('asks the facilitator to break a tie, and lets them override', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const a = await joined(code, 'Dee');
    const b = await joined(code, 'Eli');
    facilitator.send({ type: 'open' });
    await a.next('state', (m) => m.round?.status === 'open');
    a.send({ type: 'vote', choiceId: 'first-measured' });
    b.send({ type: 'vote', choiceId: 'first-loud' });
    await a.next('voted');
    await b.next('voted');
    facilitator.send({ type: 'close' });
    await facilitator.next('state', (m) => m.round?.status === 'closed');
    facilitator.send({ type: 'advance' });
    expect((await facilitator.next('error')).code).toBe('tie');
    // Breaking the tie in favour of one of the tied choices is still the facilitator's decision.
    facilitator.send({ type: 'advance', choiceId: 'first-measured' });
    const state = await facilitator.next('state', (m) => m.path.length === 1);
    expect(state.path[0]!.decidedBy).toBe('facilitator');
    facilitator.send({ type: 'back' });
    expect((await facilitator.next('state', (m) => m.path.length === 0)).decision!.title).toBe(
      'The first hours',
    );
  });

  it('gives a reconnecting participant the current state and their own vote back, after an eviction too', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const fay = await joined(code, 'Fay');
    facilitator.send({ type: 'open', seconds: 120 });
    await fay.next('state', (m) => m.round?.status === 'open');
    fay.send({ type: 'vote', choiceId: 'first-private', reason: 'Test first.' });
    await fay.next('voted');
    fay.socket.close(1000, 'phone asleep');
    await evictDurableObject(env.LIVE_SESSION.getByName(code));
    const back = await open(code, { token: fay.welcome.token });
    expect((await back.next('welcome')).nickname).toBe('Fay');
    const state = await back.next('state');
    expect(state.round).toMatchObject({ status: 'open', votes: 1 });
    expect((await back.next('you')).vote).toEqual({
      roundId: state.round!.id,
      choiceId: 'first-private',
      reason: 'Test first.',
    });
  });

  it('closes the vote on the server when the timer ends (an alarm), paused timers excepted', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const gus = await joined(code, 'Gus');
    facilitator.send({ type: 'open', seconds: 10 });
    await gus.next('state', (m) => m.round?.status === 'open');
    gus.send({ type: 'vote', choiceId: 'first-loud' });
    await gus.next('voted');
    // Not yet due: the alarm only sends the tally.
    await runDurableObjectAlarm(env.LIVE_SESSION.getByName(code));
    expect(gus.inbox.some((m) => m.type === 'state' && m.round?.status === 'closed')).toBe(false);
    const stub = env.LIVE_SESSION.getByName(code);
    // Make the deadline pass (rather than wait for it), then let the alarm fire on a freshly woken object.
    await runInDurableObject(stub, async (_instance, state) => {
      const room = (await state.storage.get<{ round: { closesAt: number } }>('room'))!;
      room.round.closesAt = Date.now() - 1;
      await state.storage.put('room', room);
    });
    await evictDurableObject(stub);
    await runDurableObjectAlarm(stub);
    const closed = await open(code, { token: gus.welcome.token });
    expect((await closed.next('state')).round!.status).toBe('closed');
  });
});

describe('joins at scale', () => {
  it('batches joins: the console gets rosters and participants get counts, never a state per join', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    await facilitator.next('state');
    const first = await joined(code, 'Wes');
    // The joiner's own copy of the state comes with its welcome.
    await first.next('state');
    const others = await Promise.all(
      ['Xia', 'Yan', 'Zed'].map(async () => {
        const c = await open(code);
        await c.next('state');
        return c;
      }),
    );
    // Three joins at once: each joiner gets its welcome; the others hear about them in one batch or a few, not one each.
    ['Xia', 'Yan', 'Zed'].forEach((nickname, i) => others[i]!.send({ type: 'join', nickname }));
    await Promise.all(others.map((c) => c.next('welcome')));
    expect((await facilitator.rosterOf(4)).map((p) => p.nickname).sort()).toEqual([
      'Wes',
      'Xia',
      'Yan',
      'Zed',
    ]);
    // The console gets the roster's changes, not the whole roster again: each joiner is sent once.
    const sent = facilitator.raw
      .map((text) => JSON.parse(text) as ServerMessage)
      .filter((m): m is Extract<ServerMessage, { type: 'roster' }> => m.type === 'roster');
    expect(sent.flatMap((m) => m.participants.map((p) => p.nickname)).sort()).toEqual([
      'Wes',
      'Xia',
      'Yan',
      'Zed',
    ]);
    expect(sent.slice(1).every((m) => !m.whole)).toBe(true);
    await first.next('participants', (m) => m.count === 4);
    expect(facilitator.inbox.filter((m) => m.type === 'state')).toEqual([]);
    expect(first.inbox.filter((m) => m.type === 'state')).toEqual([]);
    expect(first.inbox.filter((m) => m.type === 'participants').length).toBeLessThan(2);
  });
});

describe('fairness', () => {
  it("freezes a round's tally when it closes: removing a voter afterwards changes neither the reveal nor the tie", async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const a = await joined(code, 'Tia');
    const b = await joined(code, 'Uma');
    facilitator.send({ type: 'open' });
    await a.next('state', (m) => m.round?.status === 'open');
    a.send({ type: 'vote', choiceId: 'first-measured' });
    b.send({ type: 'vote', choiceId: 'first-loud' });
    await a.next('voted');
    await b.next('voted');
    facilitator.send({ type: 'close' });
    await facilitator.next('state', (m) => m.round?.status === 'closed');
    facilitator.send({ type: 'remove', participantId: b.welcome.participantId });
    const after = await a.next('state', (m) => m.participants === 1);
    expect(after.round!.tally).toEqual({ 'first-measured': 1, 'first-loud': 1, 'first-private': 0 });
    facilitator.send({ type: 'advance' });
    const refused = await facilitator.next('error');
    expect(refused.code).toBe('tie');
    // The tie is named by the choices' labels, never their ids.
    const label = (id: string) =>
      shipped
        .find((s) => s.slug === 'islamabad-48-hours')!
        .nodes.flatMap((n) => n.choices ?? [])
        .find((c) => c.id === id)!.label;
    expect(refused.message).toContain(label('first-measured'));
    expect(refused.message).toContain(label('first-loud'));
    expect(refused.message).not.toMatch(/first-measured|first-loud/);
  });

  it('normalises nicknames and treats look-alikes and blank-rendering ones as taken or refused', async () => {
    const code = await createSession();
    const ana = await joined(code, 'Ana');
    expect(ana.welcome.nickname).toBe('Ana');
    const other = await open(code);
    await other.next('state');
    // A Cyrillic А, a full-width Ａ, a Greek Α: each looks like "Ana".
    for (const lookalike of ['\u0410na', '\uff21na', '\u0391na', 'ANA']) {
      other.send({ type: 'join', nickname: lookalike });
      expect((await other.next('error')).code).toBe('nickname_taken');
    }
    // Half-width Hangul fillers and other characters that render as nothing.
    for (const blank of ['\uffa0\uffa0', '\u3164\u3164\u3164', 'A\u115f\u1160', '\u200b\u200bBo']) {
      other.send({ type: 'join', nickname: blank });
      expect((await other.next('error')).code).toBe('bad_message');
    }
    // NFKC: a full-width name is stored as its plain form.
    other.send({ type: 'join', nickname: '\uff22\uff4f' });
    expect((await other.next('welcome')).nickname).toBe('Bo');
  });
});

describe('a team session', () => {
  it("lets each team vote only on its own side's decisions", async () => {
    const code = await createSession({ scenario: 'strikes-across-the-border', mode: 'teams' });
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const tehran = await joined(code, 'Hana', 'tehran');
    const islamabad = await joined(code, 'Imran', 'islamabad');
    const auto = await joined(code, 'Jo');
    expect(auto.welcome.team).toBe('tehran');
    facilitator.send({ type: 'open' });
    const forTehran = await tehran.next('state', (m) => m.round?.status === 'open');
    expect(forTehran.decision).toMatchObject({ side: 'tehran', title: 'How to answer Rask' });
    expect(forTehran.decision!.yourTurn).toBe(true);
    // The other team sees what Tehran is deciding (the situation and the options, never their effects), but does not vote.
    const forIslamabad = await islamabad.next('state', (m) => m.round?.status === 'open');
    expect(forIslamabad.decision).toMatchObject({
      title: 'How to answer Rask',
      yourTurn: false,
      body: forTehran.decision!.body,
    });
    expect(JSON.stringify(forIslamabad)).not.toMatch(/"(feedback|feedbackIf|effects|historical)"/);
    // Each team reads its own side's briefing.
    expect([forTehran.briefing?.side, forIslamabad.briefing?.side]).toEqual(['tehran', 'islamabad']);
    expect(forIslamabad.teams).toEqual([
      { id: 'tehran', label: 'Tehran' },
      { id: 'islamabad', label: 'Islamabad' },
    ]);
    islamabad.send({ type: 'vote', choiceId: 't-rask-sweep' });
    expect((await islamabad.next('error')).code).toBe('not_your_turn');
  });
});

describe('the protocol', () => {
  it('answers malformed messages and control attempts with an error, and keeps the connection', async () => {
    const code = await createSession();
    const kim = await joined(code, 'Kim');
    kim.send('not json');
    expect((await kim.next('error')).code).toBe('bad_message');
    kim.send({ type: 'vote' });
    expect((await kim.next('error')).code).toBe('bad_message');
    kim.send({ type: 'open' });
    expect((await kim.next('error')).code).toBe('forbidden');
    kim.send({ type: 'ping' });
    expect((await kim.next('pong')).type).toBe('pong');
  });

  it('closes a connection that sends a message over 4 KB without reading it', async () => {
    const code = await createSession();
    const big = await joined(code, 'Vic');
    const closed = new Promise<number>((resolve) =>
      big.socket.addEventListener('close', (event) => resolve(event.code)),
    );
    big.send(JSON.stringify({ type: 'ping', padding: 'x'.repeat(5_000) }));
    expect((await big.next('error')).code).toBe('too_large');
    expect(await closed).toBe(1009);
  });

  it('refuses taken and abusive nicknames', async () => {
    const code = await createSession();
    await joined(code, 'Lee');
    const again = await open(code);
    again.send({ type: 'join', nickname: 'lee' });
    expect((await again.next('error')).code).toBe('nickname_taken');
    again.send({ type: 'join', nickname: 'F u c k' });
    expect((await again.next('error')).code).toBe('bad_message');
  });

  it('caps the participants of a session (LIVE_MAX_PARTICIPANTS, 4 in these tests)', async () => {
    const code = await createSession();
    for (const name of ['Ola', 'Pam', 'Quin', 'Rae']) await joined(code, name);
    const late = await open(code);
    late.send({ type: 'join', nickname: 'Sam' });
    expect((await late.next('error')).code).toBe('full');
  });

  it('limits messages per connection', async () => {
    const code = await createSession();
    const max = await joined(code, 'Max');
    for (let i = 0; i < 40; i++) max.send({ type: 'ping' });
    expect((await max.next('error')).code).toBe('rate_limited');
  });

  it('writes the results to D1 when the session ends', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const ned = await joined(code, 'Ned');
    facilitator.send({ type: 'open' });
    await ned.next('state', (m) => m.round?.status === 'open');
    ned.send({ type: 'vote', choiceId: 'first-loud', reason: 'Deterrence.' });
    await ned.next('voted');
    facilitator.send({ type: 'close' });
    await facilitator.next('state', (m) => m.round?.status === 'closed');
    facilitator.send({ type: 'advance' });
    await facilitator.next('state', (m) => m.path.length === 1);
    facilitator.send({ type: 'end' });
    expect((await ned.next('state', (m) => m.phase === 'ended')).ending).not.toBeNull();
    const row = await env.DB.prepare('SELECT status, results FROM live_sessions WHERE code = ?')
      .bind(code)
      .first<{ status: string; results: string }>();
    expect(row!.status).toBe('ended');
    const results = JSON.parse(row!.results) as { participants: unknown; rounds: { votes: unknown }[] };
    expect(results.participants).toEqual([{ id: ned.welcome.participantId, nickname: 'Ned', team: null }]);
    expect(results.rounds[0]!.votes).toEqual([
      { participantId: ned.welcome.participantId, choiceId: 'first-loud', reason: 'Deterrence.' },
    ]);
    // The facilitator can reopen and export them later; nobody else can.
    expect(
      (await people.instructor.client.get<{ code: string }[]>('/api/live')).body.find((s) => s.code === code),
    ).toMatchObject({ status: 'ended' });
    const csv = await people.instructor.client.get(`/api/live/${code}/results?format=csv`);
    expect(csv.text.trim().split('\n')).toEqual([
      'round,decision,node,room_choice,decided_by,participant,team,vote,historical,reason,reason_hidden',
      expect.stringMatching(/^1,The first hours,first-hours,.*,majority,Ned,,.*,yes,Deterrence\.,no$/),
    ]);
    expect((await people.admin.client.get(`/api/live/${code}/results`)).status).toBe(404);
    expect((await people.student.client.get(`/api/live/${code}/results`)).status).toBe(403);
  });
});
