import { describe, expect, it } from 'vitest';
import { nicknameSchema } from '../../api/live/protocol';
import { Room, type Answer, type LiveConfig } from '../../api/live/room';
import { shippedScenarios } from '../fixtures/shipped-scenarios';

const islamabad = shippedScenarios.find((s) => s.scenario.slug === 'islamabad-48-hours')!.scenario;
const T0 = 1_800_000_000_000;

function room(options: Partial<LiveConfig> = {}) {
  return new Room({
    sessionId: 's',
    code: 'ABC234',
    scenario: islamabad,
    mode: 'room',
    side: 'islamabad',
    facilitatorId: 'f',
    maxParticipants: 100,
    seed: 'seed',
    ...options,
  });
}

function join(r: Room, nickname: string) {
  const outcome = r.join(nicknameSchema.parse(nickname), undefined);
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.value;
}

function ask(r: Room, checkId: string, now = T0) {
  const outcome = r.control({ type: 'ask', checkId }, now);
  if (!outcome.ok) throw new Error(outcome.code);
  return r.state.question!;
}

describe('Questions in a room', () => {
  it("refuses an answer that arrives after the question's deadline by its clock, before any alarm closed it", () => {
    const r = room();
    const ana = join(r, 'Ana');
    const bea = join(r, 'Bea');
    const q = ask(r, 'who-claimed-rask');
    expect(r.answer(ana.id, q.id, ['ttp'], q.closesAt! - 1).ok).toBe(true);
    expect(r.answer(bea.id, q.id, ['ttp'], q.closesAt!)).toMatchObject({
      ok: false,
      code: 'question_closed',
      message: expect.stringMatching(/time/i) as string,
    });
    expect(r.state.question!.status).toBe('open');
  });

  it('stores each answer like a vote, once, and counts it per option', () => {
    const r = room();
    const ana = join(r, 'Ana');
    const q = ask(r, 'who-claimed-rask');
    const answered = r.answer(ana.id, q.id, ['jaish-al-adl'], T0 + 4_000);
    expect(answered).toMatchObject({
      ok: true,
      change: {
        put: { [`q:0:${ana.id}`]: { optionIds: ['jaish-al-adl'], correct: true, timeTakenMs: 4_000 } },
        answers: true,
      },
    });
    // A retry changes nothing; a different answer is refused.
    expect(r.answer(ana.id, q.id, ['jaish-al-adl'], T0 + 5_000)).toMatchObject({
      ok: true,
      change: { put: {}, answers: false },
    });
    expect(r.answer(ana.id, q.id, ['ttp'], T0 + 5_000)).toMatchObject({
      ok: false,
      code: 'already_answered',
    });
    expect(r.answer(null, q.id, ['ttp'], T0)).toMatchObject({ ok: false, code: 'not_joined' });
    expect(r.questions.counts(q)).toEqual({ 'jaish-al-adl': 1, 'islamic-state': 0, bla: 0, ttp: 0 });
  });

  it('shows no right option, explanation or source to participants or the projector before the reveal', () => {
    const r = room();
    ask(r, 'china-role');
    for (const audience of ['participants', 'projector'] as const) {
      const view = r.view(audience);
      expect(view.question).toMatchObject({ correctOptionIds: null, explanation: null, sources: null });
      expect(JSON.stringify(view)).not.toMatch(/"correct"|talk-down"\]/);
    }
    expect(r.view('participants').question!.selectMany).toBe(true);
    expect(r.view('facilitator').question!.correctOptionIds).toEqual(['public-offer', 'talk-down']);
    r.control({ type: 'project', tally: true }, T0);
    expect(r.view('projector').question!.counts).not.toBeNull();
    expect(r.view('participants').question!.counts).toBeNull();
    r.control({ type: 'reveal' }, T0);
    expect(r.view('participants').question).toMatchObject({
      status: 'revealed',
      correctOptionIds: ['public-offer', 'talk-down'],
    });
  });

  it('pauses the question timer with the room, and the alarm closes it when time is up', () => {
    const r = room();
    r.control({ type: 'ask', checkId: 'three-front', seconds: 20 }, T0);
    expect(r.deadline()).toBe(T0 + 20_000);
    r.control({ type: 'pause' }, T0 + 5_000);
    expect(r.deadline()).toBeNull();
    r.control({ type: 'resume' }, T0 + 60_000);
    expect(r.deadline()).toBe(T0 + 75_000);
    expect(r.due(T0 + 74_999)).toBeNull();
    expect(r.due(T0 + 75_000)).toMatchObject({ ok: true });
    expect(r.state.question!.status).toBe('closed');
  });

  it('ranks the points board with shared ranks, leaving out removed participants and unrevealed questions', () => {
    const r = room({ points: true });
    const [ana, ben, cy, dee] = ['Ana', 'Ben', 'Cy', 'Dee'].map((n) => join(r, n));
    const q1 = ask(r, 'three-front');
    for (const p of [ana!, ben!, cy!]) r.answer(p.id, q1.id, ['three-borders'], T0);
    r.control({ type: 'reveal' }, T0);
    const q2 = ask(r, 'iran-logic');
    r.answer(ana!.id, q2.id, ['opaque'], T0);
    r.answer(dee!.id, q2.id, ['opaque'], T0);
    expect(r.view('facilitator').board).toEqual([
      { rank: 1, nickname: 'Ana', points: 1 },
      { rank: 1, nickname: 'Ben', points: 1 },
      { rank: 1, nickname: 'Cy', points: 1 },
    ]);
    r.control({ type: 'reveal' }, T0);
    r.control({ type: 'remove', participantId: cy!.id }, T0);
    expect(r.view('projector').board).toEqual([
      { rank: 1, nickname: 'Ana', points: 2 },
      { rank: 2, nickname: 'Ben', points: 1 },
      { rank: 2, nickname: 'Dee', points: 1 },
    ]);
    expect(r.view('participants').board).toBeNull();
    expect(room().view('facilitator')).toMatchObject({ points: false, board: null });
  });

  it('rebuilds answers from storage, so the board and results survive an eviction', () => {
    const r = room({ points: true });
    const ana = join(r, 'Ana');
    const q = ask(r, 'three-front');
    const answered = r.answer(ana.id, q.id, ['three-borders'], T0);
    if (!answered.ok) throw new Error(answered.code);
    const stored = Object.entries(answered.change.put) as [string, Answer][];
    r.control({ type: 'reveal' }, T0);
    const again = new Room(r.config, structuredClone(r.state), r.participants.values(), [], [], stored);
    expect(again.view('facilitator').board).toEqual([{ rank: 1, nickname: 'Ana', points: 1 }]);
    expect(again.results([]).questions).toEqual([
      expect.objectContaining({
        checkId: 'three-front',
        counts: expect.objectContaining({ 'three-borders': 1 }) as unknown,
      }),
    ]);
  });
});
