import { evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { cast, publishShipped } from './helpers';
import { joinLive, openLive } from './live-socket';

// LIVE_SHARD_SIZE is 4 in these tests (vitest.config.ts): a session whose cap is over 4 uses fan-out objects.
let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

async function createSession(body: Record<string, unknown>) {
  const reply = await people.instructor.client.post('/api/live', {
    scenario: 'islamabad-48-hours',
    mode: 'room',
    side: 'islamabad',
    ...body,
  });
  expect(reply.status).toBe(201);
  return reply.body as { code: string; maxParticipants: number };
}

const shard = (code: string, n: number) => env.LIVE_SHARD.getByName(`${code}/shard-${n}`);
/** The participants a shard holds, from its storage. */
const heldBy = (code: string, n: number) =>
  runInDurableObject(shard(code, n), async (_instance, state) => [
    ...(await state.storage.list({ prefix: 'p:' })).keys(),
  ]);

describe('creating a session with a cap', () => {
  it('takes a cap up to 10,000 and refuses more, or less than one', async () => {
    expect((await createSession({ maxParticipants: 10_000 })).maxParticipants).toBe(10_000);
    for (const maxParticipants of [10_001, 0, 2.5])
      expect(
        (
          await people.instructor.client.post('/api/live', {
            scenario: 'islamabad-48-hours',
            mode: 'room',
            side: 'islamabad',
            maxParticipants,
          })
        ).status,
      ).toBe(400);
  });

  it('counts the cap across shards', async () => {
    const { code } = await createSession({ maxParticipants: 5 });
    await joinLive(code, 'Ada');
    // A look-alike of a name held by another shard is taken too: the room's object checks every join.
    const again = await openLive(code);
    again.send({ type: 'join', nickname: 'ADA' });
    expect((await again.next('error')).code).toBe('nickname_taken');
    for (const name of ['Bea', 'Cal', 'Dov', 'Eve']) await joinLive(code, name);
    const late = await openLive(code);
    late.send({ type: 'join', nickname: 'Fox' });
    expect((await late.next('error')).code).toBe('full');
  });
});

describe('a sharded room', () => {
  it('spreads joins over its shards, merges their tallies exactly, and loses no vote when a shard is evicted mid-vote', async () => {
    const { code } = await createSession({ maxParticipants: 12 });
    const facilitator = await openLive(code, { role: 'facilitator', client: people.instructor.client });
    const names = ['Ana', 'Ben', 'Cy', 'Dee', 'Eli', 'Fay'];
    const ps: Awaited<ReturnType<typeof joinLive>>[] = [];
    for (const name of names) ps.push(await joinLive(code, name));
    expect(await facilitator.rosterOf(6)).toHaveLength(6);
    // Three shards of the 12-seat room, two participants each.
    const held = await Promise.all([0, 1, 2].map((n) => heldBy(code, n)));
    expect(held.map((keys) => keys.length)).toEqual([2, 2, 2]);
    const shardOf = (i: number) =>
      held.findIndex((keys) => keys.includes(`p:${ps[i]!.welcome.participantId}`));
    // A participant's count reaches them through their shard.
    await ps[0]!.next('participants', (m) => m.count === 6);

    facilitator.send({ type: 'open', seconds: 120 });
    for (const p of ps) await p.next('state', (m) => m.round?.status === 'open');
    // A vote in each shard before the eviction.
    const first = [0, 1, 2].map((n) => ps.findIndex((_, i) => shardOf(i) === n));
    const choices = ['first-measured', 'first-loud', 'first-private'];
    for (const [k, i] of first.entries()) {
      ps[i]!.send({ type: 'vote', choiceId: choices[k], reason: `Because ${k}.` });
      expect((await ps[i]!.next('voted')).choiceId).toBe(choices[k]);
    }
    expect((await facilitator.next('tally', (m) => m.votes === 3)).counts).toEqual({
      'first-measured': 1,
      'first-loud': 1,
      'first-private': 1,
    });

    // Shard 1 goes away mid-vote; its participants reconnect through the Worker and find their votes.
    const onOne = ps.map((_, i) => i).filter((i) => shardOf(i) === 1);
    for (const i of onOne) ps[i]!.socket.close(1000, 'phone asleep');
    await evictDurableObject(shard(code, 1));
    const back = [];
    for (const i of onOne) {
      const again = await openLive(code, { token: ps[i]!.welcome.token });
      expect((await again.next('welcome')).participantId).toBe(ps[i]!.welcome.participantId);
      expect((await again.next('state')).round).toMatchObject({ status: 'open' });
      back.push({ i, socket: again, vote: (await again.next('you')).vote });
    }
    expect(back.map((b) => b.vote?.choiceId ?? null).filter(Boolean)).toEqual(['first-loud']);
    // One changes their vote, the other votes for the first time, and the rest vote.
    for (const { socket, vote } of back) {
      socket.send({ type: 'vote', choiceId: vote ? 'first-measured' : 'first-private' });
      await socket.next('voted');
    }
    for (const i of ps.map((_, i) => i).filter((i) => shardOf(i) !== 1 && !first.includes(i))) {
      ps[i]!.send({ type: 'vote', choiceId: 'first-measured' });
      await ps[i]!.next('voted');
    }
    // Merged from the three shards' partial tallies: exact.
    const expected = { 'first-measured': 4, 'first-loud': 0, 'first-private': 2 };
    expect(
      (await facilitator.next('tally', (m) => m.votes === 6 && m.counts['first-loud'] === 0)).counts,
    ).toEqual(expected);

    // Another shard is evicted just before the close: the room collects every shard's votes from its storage.
    for (const i of ps.map((_, i) => i).filter((i) => shardOf(i) === 2)) ps[i]!.socket.close(1000, 'gone');
    await evictDurableObject(shard(code, 2));
    facilitator.send({ type: 'close' });
    const revealed = await facilitator.next('state', (m) => m.round?.status === 'closed');
    expect(revealed.round!.tally).toEqual(expected);
    expect(revealed.round!.votes).toBe(6);
    // The reasons came back from the shards with the votes.
    expect(revealed.round!.reasons!.flatMap((g) => g.reasons.map((r) => r.reason)).sort()).toEqual([
      'Because 0.',
      'Because 2.',
    ]);
    const seen = await ps[first[0]!]!.next('state', (m) => m.round?.status === 'closed');
    expect(seen.round!.tally).toEqual(expected);
    // Votes are closed in every shard.
    ps[first[0]!]!.send({ type: 'vote', choiceId: 'first-loud' });
    expect((await ps[first[0]!]!.next('error')).code).toBe('voting_closed');

    facilitator.send({ type: 'project', reasons: true });
    await facilitator.next('state', (m) => m.projector.reasons);
    facilitator.send({ type: 'advance', choiceId: 'first-measured' });
    await facilitator.next('state', (m) => m.path.length === 1);
    facilitator.send({ type: 'end' });
    await facilitator.next('state', (m) => m.phase === 'ended');
    const results = (
      await people.instructor.client.get<{ participants: unknown[]; rounds: { votes: unknown[] }[] }>(
        `/api/live/${code}/results`,
      )
    ).body;
    expect(results.participants).toHaveLength(6);
    expect(results.rounds[0]!.votes).toHaveLength(6);
  }, 30_000);

  it('drops the vote of a participant removed during the vote from its shard, and closes their socket', async () => {
    const { code } = await createSession({ maxParticipants: 8 });
    const facilitator = await openLive(code, { role: 'facilitator', client: people.instructor.client });
    const a = await joinLive(code, 'Gil');
    const b = await joinLive(code, 'Hal');
    facilitator.send({ type: 'open' });
    await a.next('state', (m) => m.round?.status === 'open');
    await b.next('state', (m) => m.round?.status === 'open');
    a.send({ type: 'vote', choiceId: 'first-loud' });
    b.send({ type: 'vote', choiceId: 'first-loud' });
    await a.next('voted');
    await b.next('voted');
    await facilitator.next('tally', (m) => m.votes === 2);
    const closed = new Promise<number>((resolve) =>
      b.socket.addEventListener('close', (e) => resolve(e.code)),
    );
    facilitator.send({ type: 'remove', participantId: b.welcome.participantId });
    expect(await closed).toBe(4001);
    expect((await facilitator.next('tally', (m) => m.votes === 1)).counts['first-loud']).toBe(1);
    facilitator.send({ type: 'close' });
    expect((await a.next('state', (m) => m.round?.status === 'closed')).round!.tally).toEqual({
      'first-measured': 0,
      'first-loud': 1,
      'first-private': 0,
    });
  }, 30_000);

  it('gives a participant who reconnects through a shard their answer to the question on screen', async () => {
    const { code } = await createSession({ maxParticipants: 8 });
    const facilitator = await openLive(code, { role: 'facilitator', client: people.instructor.client });
    const ola = await joinLive(code, 'Ola');
    facilitator.send({ type: 'ask', checkId: 'who-claimed-rask', seconds: 60 });
    const question = (await ola.next('state', (m) => m.question?.status === 'open')).question!;
    ola.send({ type: 'answer', questionId: question.id, optionIds: ['ttp'] });
    await ola.next('answered');
    ola.socket.close(1000, 'phone asleep');
    const back = await openLive(code, { token: ola.welcome.token });
    expect((await back.next('state')).question!.status).toBe('open');
    expect((await back.next('you')).answer).toEqual({ questionId: question.id, optionIds: ['ttp'] });
    // A second, different answer is still refused.
    back.send({ type: 'answer', questionId: question.id, optionIds: ['bla'] });
    expect((await back.next('error')).code).toBe('already_answered');
  });
});
