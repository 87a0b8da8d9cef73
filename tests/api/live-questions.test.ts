import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { shuffledOptions } from '../../api/engine';
import { cast, publishShipped, shipped } from './helpers';
import { openLive } from './live-socket';

let people: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  await publishShipped();
  people = await cast();
});

const open = openLive;

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

async function joined(code: string, nickname: string) {
  const c = await open(code);
  await c.next('state');
  c.send({ type: 'join', nickname });
  return { ...c, welcome: await c.next('welcome') };
}

const rask = shipped
  .find((s) => s.slug === 'islamabad-48-hours')!
  .checks!.find((c) => c.id === 'who-claimed-rask')!;

describe('a question put to the room', () => {
  it('takes answers, keeps the right option and explanation from participants and the projector until the reveal, then shows counts', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const projector = await open(code, { role: 'projector', client: people.instructor.client });
    const first = await facilitator.next('state');
    // The console lists the scenario's questions; nobody else gets the list.
    expect(first.questionBank!.map((q) => q.checkId)).toContain('who-claimed-rask');
    expect(first.points).toBe(false);
    const ana = await joined(code, 'Ana');
    const ben = await joined(code, 'Ben');
    const cy = await joined(code, 'Cy');
    expect((await ana.next('state')).questionBank).toBeNull();

    // Participants cannot ask; unknown questions are refused.
    ana.send({ type: 'ask', checkId: 'who-claimed-rask' });
    expect((await ana.next('error')).code).toBe('forbidden');
    facilitator.send({ type: 'ask', checkId: 'no-such-question' });
    expect((await facilitator.next('error')).code).toBe('not_found');

    facilitator.send({ type: 'ask', checkId: 'who-claimed-rask', seconds: 60 });
    const asked = await ana.next('state', (m) => m.question?.status === 'open');
    const question = asked.question!;
    expect(question).toMatchObject({
      checkId: 'who-claimed-rask',
      // Shuffled per asking, the same order for everyone in the room.
      options: shuffledOptions(rask.options, question.id).map(({ id, label }) => ({ id, label })),
      selectMany: false,
      answers: 0,
      counts: null,
      correctOptionIds: null,
      explanation: null,
      sources: null,
    });
    expect(question.closesAt).toBeGreaterThan(Date.now() + 50_000);
    const onConsole = (await facilitator.next('state', (m) => m.question?.status === 'open')).question!;
    expect(onConsole.correctOptionIds).toEqual(['jaish-al-adl']);
    expect(onConsole.explanation).toBe(rask.explanation);
    const onProjector = (await projector.next('state', (m) => m.question?.status === 'open')).question!;
    expect(onProjector).toMatchObject({ counts: null, correctOptionIds: null, explanation: null });
    // A vote cannot open while a question is open.
    facilitator.send({ type: 'open' });
    expect((await facilitator.next('error')).code).toBe('question_open');

    ana.send({ type: 'answer', questionId: question.id, optionIds: ['jaish-al-adl'] });
    ben.send({ type: 'answer', questionId: question.id, optionIds: ['islamic-state'] });
    cy.send({ type: 'answer', questionId: question.id, optionIds: ['jaish-al-adl'] });
    expect(await ana.next('answered')).toEqual({
      type: 'answered',
      questionId: question.id,
      optionIds: ['jaish-al-adl'],
    });
    await ben.next('answered');
    await cy.next('answered');
    // The same answer again is a retry; a different one, an unknown option or a stale question are refused.
    ana.send({ type: 'answer', questionId: question.id, optionIds: ['jaish-al-adl'] });
    await ana.next('answered');
    ana.send({ type: 'answer', questionId: question.id, optionIds: ['bla'] });
    expect((await ana.next('error')).code).toBe('already_answered');
    ben.send({ type: 'answer', questionId: question.id, optionIds: ['nope'] });
    expect((await ben.next('error')).code).toBe('unknown_option');
    ben.send({ type: 'answer', questionId: question.id, optionIds: ['ttp', 'bla'] });
    expect((await ben.next('error')).code).toBe('unknown_option');
    cy.send({ type: 'answer', questionId: 'old-question', optionIds: ['bla'] });
    expect((await cy.next('error')).code).toBe('question_closed');

    // Live counts reach the console; participants learn how many answered, not what.
    const counts = await facilitator.next('answers', (m) => m.answers === 3);
    expect(counts.counts).toEqual({ 'jaish-al-adl': 2, 'islamic-state': 1, bla: 0, ttp: 0 });
    expect((await ben.next('answers', (m) => m.answers === 3)).counts).toBeNull();
    expect((await projector.next('answers', (m) => m.answers === 3)).counts).toBeNull();
    // Nothing sent to a participant or the projector so far carries the right option or the explanation.
    for (const c of [ana, ben, cy, projector]) {
      const all = c.raw.join('\n');
      expect(all).not.toContain('correctOptionIds":[');
      expect(all).not.toContain(rask.explanation.slice(0, 40));
    }
    // A reconnecting participant gets the question and their own answer back, after an eviction too.
    ben.socket.close(1000, 'phone asleep');
    await evictDurableObject(env.LIVE_SESSION.getByName(code));
    const benAgain = await open(code, { token: ben.welcome.token });
    expect((await benAgain.next('state')).question).toMatchObject({ id: question.id, answers: 3 });
    expect((await benAgain.next('you')).answer).toEqual({
      questionId: question.id,
      optionIds: ['islamic-state'],
    });
    const facilitator2 = await open(code, { role: 'facilitator', client: people.instructor.client });
    await facilitator2.next('state');

    facilitator2.send({ type: 'reveal' });
    const revealed = (await benAgain.next('state', (m) => m.question?.status === 'revealed')).question!;
    expect(revealed).toMatchObject({
      correctOptionIds: ['jaish-al-adl'],
      explanation: rask.explanation,
      counts: { 'jaish-al-adl': 2, 'islamic-state': 1, bla: 0, ttp: 0 },
      answers: 3,
    });
    expect(revealed.sources!.length).toBeGreaterThan(0);
    expect(revealed.sources![0]).toHaveProperty('title');
    ana.send({ type: 'answer', questionId: question.id, optionIds: ['jaish-al-adl'] });
    expect((await ana.next('error')).code).toBe('question_closed');
    // The points board is off by default: no board anywhere.
    expect((await projector.next('state', (m) => m.question?.status === 'revealed')).board).toBeNull();
    expect((await facilitator2.next('state', (m) => m.question?.status === 'revealed')).board).toBeNull();

    // Ending writes the question's counts and answers to the results, and the questions CSV.
    facilitator2.send({ type: 'end' });
    await facilitator2.next('state', (m) => m.phase === 'ended');
    const results = (
      await people.instructor.client.get<{ questions: { answers: unknown[] }[] }>(`/api/live/${code}/results`)
    ).body;
    expect(results.questions).toEqual([
      expect.objectContaining({
        checkId: 'who-claimed-rask',
        correctOptionIds: ['jaish-al-adl'],
        counts: { 'jaish-al-adl': 2, 'islamic-state': 1, bla: 0, ttp: 0 },
      }),
    ]);
    expect(results.questions[0]!.answers).toHaveLength(3);
    const csv = await people.instructor.client.get(`/api/live/${code}/results?format=csv&rows=questions`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('question,check,prompt,option,correct,count,answers,answers_right');
    expect(lines).toHaveLength(1 + rask.options.length);
    // Options stand in the file's order, which no longer puts the right one first: find it by its mark.
    const right = lines.slice(1).filter((line) => /,yes,\d+,\d+,\d+$/.test(line));
    expect(right).toHaveLength(1);
    expect(right[0]).toMatch(/^1,who-claimed-rask,.*,Jaish al-Adl,yes,2,3,2$/);
  });

  it('keeps a points board by nickname when the facilitator turns it on, counting revealed questions only', async () => {
    const code = await createSession({ points: true });
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    expect((await facilitator.next('state')).points).toBe(true);
    const dee = await joined(code, 'Dee');
    const eli = await joined(code, 'Eli');
    const ask = async (checkId: string, answers: [typeof dee, string[]][]) => {
      facilitator.send({ type: 'ask', checkId });
      const q = (await facilitator.next('state', (m) => m.question?.checkId === checkId)).question!;
      for (const [who, optionIds] of answers) {
        who.send({ type: 'answer', questionId: q.id, optionIds });
        await who.next('answered');
      }
      return q;
    };
    await ask('three-front', [
      [dee, ['three-borders']],
      [eli, ['three-borders']],
    ]);
    // Before the reveal the board counts nothing: it would hint at the right option.
    await facilitator.next('answers', (m) => m.answers === 2);
    facilitator.send({ type: 'dismiss' });
    const dismissed = await facilitator.next('state', (m) => m.question === null);
    expect(dismissed.board).toEqual([]);
    await ask('china-role', [
      [dee, ['public-offer', 'talk-down']],
      [eli, ['public-offer']],
    ]);
    facilitator.send({ type: 'reveal' });
    const revealed = await facilitator.next('state', (m) => m.question?.status === 'revealed');
    expect(revealed.board).toEqual([{ rank: 1, nickname: 'Dee', points: 1 }]);
    // Participants never get the board; the console can turn it off.
    expect((await eli.next('state', (m) => m.question?.status === 'revealed')).board).toBeNull();
    facilitator.send({ type: 'points', on: false });
    const off = await facilitator.next('state', (m) => !m.points);
    expect(off.board).toBeNull();
    eli.send({ type: 'points', on: true });
    expect((await eli.next('error')).code).toBe('forbidden');
  });

  it('closes the question on the server when its time is up, and a vote cannot open over an open question', async () => {
    const code = await createSession();
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    const gus = await joined(code, 'Gus');
    facilitator.send({ type: 'open' });
    await facilitator.next('state', (m) => m.round?.status === 'open');
    // No question while the room votes.
    facilitator.send({ type: 'ask', checkId: 'three-front' });
    expect((await facilitator.next('error')).code).toBe('already_open');
    facilitator.send({ type: 'close' });
    await facilitator.next('state', (m) => m.round?.status === 'closed');
    facilitator.send({ type: 'ask', checkId: 'three-front', seconds: 10 });
    const q = (await gus.next('state', (m) => m.question?.status === 'open')).question!;
    const stub = env.LIVE_SESSION.getByName(code);
    await runInDurableObject(stub, async (_instance, state) => {
      const room = (await state.storage.get<{ question: { closesAt: number } }>('room'))!;
      room.question.closesAt = Date.now() - 1;
      await state.storage.put('room', room);
    });
    await evictDurableObject(stub);
    await runDurableObjectAlarm(stub);
    const back = await open(code, { token: gus.welcome.token });
    const closed = (await back.next('state')).question!;
    // Closed but not revealed: still no right option or explanation for participants.
    expect(closed).toMatchObject({ id: q.id, status: 'closed', correctOptionIds: null, explanation: null });
    back.send({ type: 'answer', questionId: q.id, optionIds: ['three-borders'] });
    expect((await back.next('error')).code).toBe('question_closed');
  });
});

describe('a question in a sharded room', () => {
  // LIVE_SHARD_SIZE is 4 in these tests: a cap of 8 puts participants on two fan-out objects.
  it('takes answers through the shards, counts them in the room, and reveals to every shard', async () => {
    const code = await createSession({ maxParticipants: 8 });
    const facilitator = await open(code, { role: 'facilitator', client: people.instructor.client });
    await facilitator.next('state');
    const [ana, ben] = [await joined(code, 'Ana'), await joined(code, 'Ben')];
    facilitator.send({ type: 'ask', checkId: 'iran-logic' });
    const q = (await ana.next('state', (m) => m.question?.status === 'open')).question!;
    expect(q.correctOptionIds).toBeNull();
    await ben.next('state', (m) => m.question?.id === q.id);
    ana.send({ type: 'answer', questionId: q.id, optionIds: ['opaque'] });
    ben.send({ type: 'answer', questionId: q.id, optionIds: ['india-signal'] });
    await ana.next('answered');
    await ben.next('answered');
    ben.send({ type: 'answer', questionId: q.id, optionIds: ['opaque'] });
    expect((await ben.next('error')).code).toBe('already_answered');
    expect((await facilitator.next('answers', (m) => m.answers === 2)).counts).toMatchObject({
      opaque: 1,
      'india-signal': 1,
    });
    expect((await ana.next('answers', (m) => m.answers === 2)).counts).toBeNull();
    facilitator.send({ type: 'reveal' });
    for (const p of [ana, ben])
      expect((await p.next('state', (m) => m.question?.status === 'revealed')).question).toMatchObject({
        correctOptionIds: ['opaque'],
        counts: expect.objectContaining({ opaque: 1, 'india-signal': 1 }) as unknown,
      });
    // Before the revealed state, nothing a shard forwarded carried the right option.
    for (const p of [ana, ben]) {
      const reveal = p.raw.findIndex((m) => m.includes('"status":"revealed"'));
      expect(reveal).toBeGreaterThan(0);
      expect(p.raw.slice(0, reveal).join('\n')).not.toContain('correctOptionIds":[');
    }
  });
});
