import { describe, expect, it } from 'vitest';
import { Room, type LiveConfig } from '../../api/live/room';
import { nicknameSchema } from '../../api/live/protocol';
import { shippedScenarios } from '../fixtures/shipped-scenarios';

const scenario = (slug: string) => shippedScenarios.find((s) => s.scenario.slug === slug)!.scenario;
/** A choice's label in the Islamabad file, read from it rather than copied. */
const label = (id: string) =>
  scenario('islamabad-48-hours')
    .nodes.flatMap((n) => n.choices ?? [])
    .find((c) => c.id === id)!.label;

function room(options: Partial<LiveConfig> = {}) {
  return new Room({
    sessionId: 's',
    code: 'ABC234',
    scenario: scenario('islamabad-48-hours'),
    mode: 'room',
    side: 'islamabad',
    facilitatorId: 'f',
    maxParticipants: 100,
    seed: 'seed',
    ...options,
  });
}

function join(r: Room, nickname: string, team?: string) {
  const outcome = r.join(nicknameSchema.parse(nickname), team);
  if (!outcome.ok) throw new Error(outcome.code);
  return outcome.value;
}

const T0 = 1_800_000_000_000;

describe('Room: joining', () => {
  it('indexes nicknames by their look-alike keys and frees one when its owner is removed', () => {
    const r = room();
    const ana = join(r, 'Ana');
    for (const name of ['ana', '\u0410na', '\uff21na'])
      expect(r.join(nicknameSchema.parse(name), undefined)).toMatchObject({
        ok: false,
        code: 'nickname_taken',
      });
    expect(r.control({ type: 'remove', participantId: ana.id }, T0).ok).toBe(true);
    expect(r.join('Ana', undefined).ok).toBe(true);
  });

  it('caps the room and balances teams', () => {
    const r = room({
      mode: 'teams',
      side: null,
      scenario: scenario('strikes-across-the-border'),
      maxParticipants: 3,
    });
    expect(join(r, 'Aa', 'tehran').team).toBe('tehran');
    expect(join(r, 'Bb').team).toBe('islamabad');
    expect(join(r, 'Cc', 'nowhere').team).toBe('tehran');
    expect(r.join('Dd', undefined)).toMatchObject({ ok: false, code: 'full' });
  });

  it('refuses blank-rendering nicknames and keeps letters with combining marks', () => {
    expect(nicknameSchema.safeParse('\uffa0\uffa0').success).toBe(false);
    expect(nicknameSchema.safeParse('A\u3164').success).toBe(false);
    expect(nicknameSchema.safeParse('\u0301\u0301').success).toBe(false);
    expect(nicknameSchema.parse('प्रिया')).toBe('प्रिया');
    expect(nicknameSchema.parse('\uff22\uff4f')).toBe('Bo');
  });
});

describe('Room: events between decisions', () => {
  it('shows each event since the last decision on every screen until the facilitator advances past it', () => {
    const r = room({ scenario: scenario('tehran-after-rask'), side: 'tehran' });
    const ana = join(r, 'Ana');
    // The scenario opens on an event, but the lobby shows how to join; the first vote moves past it.
    expect(r.view('projector').event).toBeNull();
    // Decide with the first choice until the room reaches the strike decision, collecting the events shown.
    const shown: string[] = [];
    for (
      let guard = 0;
      (r.view('facilitator').decision?.title !== 'Strike inside Pakistan?' || r.view('facilitator').event) &&
      guard < 20;
      guard++
    ) {
      const event = r.view('facilitator').event;
      if (event) {
        shown.push(event.title);
        expect(r.view('participants').event!.title).toBe(event.title);
        expect(r.control({ type: 'advance' }, T0).ok).toBe(true);
        continue;
      }
      const decision = r.view('facilitator').decision!;
      expect(r.control({ type: 'open' }, T0).ok).toBe(true);
      // No event shows while a vote is open or revealed.
      expect(r.view('projector').event).toBeNull();
      r.vote(ana.id, decision.choices[0]!.id, undefined, T0);
      r.control({ type: 'close' }, T0);
      expect(r.control({ type: 'advance' }, T0).ok).toBe(true);
    }
    // The other side's move and the Kerman bombing, which the strike decision refers to.
    expect(shown).toEqual(["Islamabad's reply", 'Kerman, and a region on edge']);
    expect(r.view('projector').event).toBeNull();
    // Taking the decision back returns to it, not to the events before it; opening a vote moves past any event.
    r.control({ type: 'open' }, T0);
    r.vote(ana.id, r.view('facilitator').decision!.choices[0]!.id, undefined, T0);
    r.control({ type: 'close' }, T0);
    r.control({ type: 'advance' }, T0);
    expect(r.control({ type: 'back' }, T0).ok).toBe(true);
    expect(r.view('projector')).toMatchObject({
      event: null,
      decision: { title: 'Strike inside Pakistan?' },
    });
    r.control({ type: 'open' }, T0);
    r.control({ type: 'close' }, T0);
    r.control({ type: 'advance', choiceId: r.view('facilitator').decision!.choices[0]!.id }, T0);
    if (r.view('facilitator').event) {
      expect(r.control({ type: 'open' }, T0).ok).toBe(true);
      expect(r.view('facilitator').event).toBeNull();
    }
  });
});

describe('Room: a round', () => {
  it('keeps the tally from participants until the reveal, then freezes it against later removals', () => {
    const r = room();
    const [a, b, c] = ['Ann', 'Bea', 'Cal'].map((n) => join(r, n));
    expect(r.control({ type: 'open', seconds: 30 }, T0).ok).toBe(true);
    r.vote(a!.id, 'first-measured', 'Calm.', T0);
    r.vote(b!.id, 'first-loud', undefined, T0);
    r.vote(c!.id, 'first-loud', 'Deterrence.', T0);
    expect(r.view('participants').round!.tally).toBeNull();
    expect(r.view('facilitator').round!.tally).toEqual({
      'first-measured': 1,
      'first-loud': 2,
      'first-private': 0,
    });
    expect(r.control({ type: 'close' }, T0 + 1000).ok).toBe(true);
    r.control({ type: 'remove', participantId: c!.id }, T0 + 2000);
    expect(r.view('participants').round).toMatchObject({
      tally: { 'first-measured': 1, 'first-loud': 2, 'first-private': 0 },
      votes: 3,
      tied: [],
    });
    expect(r.vote(a!.id, 'first-loud', undefined, T0)).toMatchObject({ ok: false, code: 'voting_closed' });
    const advanced = r.control({ type: 'advance' }, T0 + 3000);
    expect(advanced.ok).toBe(true);
    expect(r.state.decided[0]).toMatchObject({ choiceId: 'first-loud', decidedBy: 'majority' });
  });

  it('names a tie by labels and lets the facilitator break it', () => {
    const r = room();
    const [a, b] = ['Ann', 'Bea'].map((n) => join(r, n));
    r.control({ type: 'open' }, T0);
    r.vote(a!.id, 'first-measured', undefined, T0);
    r.vote(b!.id, 'first-private', undefined, T0);
    r.control({ type: 'close' }, T0);
    expect(r.view('facilitator').round!.tied).toEqual(['first-measured', 'first-private']);
    const tie = r.control({ type: 'advance' }, T0);
    expect(tie).toMatchObject({ ok: false, code: 'tie' });
    expect(!tie.ok && tie.message).toBe(
      `A tie between “${label('first-measured')}” and “${label('first-private')}”: choose one for the room.`,
    );
    expect(r.control({ type: 'advance', choiceId: 'first-private' }, T0).ok).toBe(true);
    expect(r.state.decided[0]!.decidedBy).toBe('facilitator');
  });

  it('closes on time through due(), but not while paused', () => {
    const r = room();
    r.control({ type: 'open', seconds: 10 }, T0);
    expect(r.deadline()).toBe(T0 + 10_000);
    r.control({ type: 'pause' }, T0 + 4000);
    expect(r.due(T0 + 60_000)).toBeNull();
    r.control({ type: 'resume' }, T0 + 60_000);
    expect(r.deadline()).toBe(T0 + 66_000);
    expect(r.due(T0 + 66_000)?.ok).toBe(true);
    expect(r.state.round!.status).toBe('closed');
  });

  it('refuses a vote that arrives after the deadline by its clock, before any alarm has closed the round', () => {
    const r = room();
    const ana = join(r, 'Ana');
    r.control({ type: 'open', seconds: 10 }, T0);
    expect(r.vote(ana.id, 'first-loud', undefined, T0 + 9_999).ok).toBe(true);
    const late = r.vote(ana.id, 'first-measured', undefined, T0 + 10_000);
    expect(late).toMatchObject({
      ok: false,
      code: 'voting_closed',
      message: expect.stringMatching(/time/i) as string,
    });
    expect(r.state.round!.status).toBe('open');
    expect(r.tally()['first-loud']).toBe(1);
  });

  it('shows reasons after the reveal grouped by choice, hidden ones to the facilitator only, and on the projector when asked', () => {
    const r = room();
    const [a, b] = ['Ann', 'Bea'].map((n) => join(r, n));
    r.control({ type: 'open' }, T0);
    r.vote(a!.id, 'first-measured', 'Calm first.', T0);
    r.vote(b!.id, 'first-measured', 'Rude words.', T0);
    expect(r.view('facilitator').round!.reasons).toBeNull();
    r.control({ type: 'close' }, T0);
    expect(r.control({ type: 'hideReason', participantId: b!.id, hidden: true }, T0).ok).toBe(true);
    const groups = r.view('facilitator').round!.reasons!;
    expect(groups.map((g) => g.choiceId)).toEqual(['first-loud', 'first-measured', 'first-private']);
    expect(groups.map((g) => g.label)).toEqual(['first-loud', 'first-measured', 'first-private'].map(label));
    const measured = groups.find((g) => g.choiceId === 'first-measured')!;
    expect(measured.reasons).toEqual([
      { participantId: a!.id, nickname: 'Ann', reason: 'Calm first.', hidden: false },
      { participantId: b!.id, nickname: 'Bea', reason: 'Rude words.', hidden: true },
    ]);
    expect(r.view('projector').round!.reasons).toBeNull();
    expect(r.view('participants').round!.reasons).toBeNull();
    r.control({ type: 'project', reasons: true }, T0);
    expect(
      r
        .view('projector')
        .round!.reasons!.find((g) => g.choiceId === 'first-measured')!
        .reasons.map((x) => x.reason),
    ).toEqual(['Calm first.']);
    r.control({ type: 'advance' }, T0);
    r.control({ type: 'end' }, T0);
    const results = r.results([
      [`v:0:${a!.id}`, { choiceId: 'first-measured', reason: 'Calm first.' }],
      [`v:0:${b!.id}`, { choiceId: 'first-measured', reason: 'Rude words.', hidden: true }],
    ]);
    expect(results.rounds[0]!.votes[1]).toEqual({
      participantId: b!.id,
      choiceId: 'first-measured',
      reason: 'Rude words.',
      hidden: true,
    });
  });
});

describe('Room: teams', () => {
  it('shows the other team what is being decided, without a vote and without effects, and refuses its votes', () => {
    const r = room({ mode: 'teams', side: null, scenario: scenario('strikes-across-the-border') });
    const t = join(r, 'Tara', 'tehran');
    const i = join(r, 'Iqbal', 'islamabad');
    r.control({ type: 'open' }, T0);
    const theirs = r.view('team:islamabad');
    expect(theirs.decision).toMatchObject({ side: 'tehran', yourTurn: false, title: 'How to answer Rask' });
    expect(theirs.decision!.body.length).toBeGreaterThan(20);
    expect(JSON.stringify(theirs)).not.toMatch(/feedback|effects|historical/);
    expect(r.view('team:tehran').decision!.yourTurn).toBe(true);
    expect(r.vote(i.id, 't-rask-sweep', undefined, T0)).toMatchObject({ ok: false, code: 'not_your_turn' });
    expect(r.vote(t.id, 't-rask-sweep', undefined, T0).ok).toBe(true);
    // Moving a voter to the other team drops the vote they cast for the old team's decision.
    const moved = r.control({ type: 'move', participantId: t.id, team: 'islamabad' }, T0);
    expect(moved.ok && moved.change.changedFor).toEqual([t.id]);
    expect(r.tally()['t-rask-sweep']).toBe(0);
  });
});
