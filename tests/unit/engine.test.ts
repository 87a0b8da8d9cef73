import { describe, expect, it } from 'vitest';
import {
  choose,
  EVERY_SIDE,
  historicalRun,
  replay,
  score,
  start,
  stepBack,
  view,
  type RunState,
} from '../../api/engine';
import { fixtureScenario } from '../fixtures/scenarios';

const scenario = fixtureScenario();

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('start', () => {
  it('plays the narrated opening and stops at the side’s first decision', () => {
    const run = must(start(scenario, 'alpha', 'seed'));
    expect(run.nodeId).toBe('a1');
    expect(run.path.map((p) => p.kind)).toEqual(['event']);
    const v = view(run);
    expect(v.status).toBe('deciding');
    expect(v.decision?.choices).toEqual([
      { id: 'a1-hold', label: 'Hold' },
      { id: 'a1-strike', label: 'Strike', justify: 'Why strike?' },
    ]);
    expect(v.timeline[0]?.text).toContain('ALPHA-PRIVATE-INTRO');
  });

  it('lets the counterpart decide before the player’s first decision when the other side moves first', () => {
    const run = must(start(scenario, 'beta', 'seed'));
    expect(run.nodeId).toBe('b1');
    // No policy declared at a1: the counterpart takes the historical choice.
    expect(run.path.map((p) => [p.kind, p.choiceId])).toEqual([
      ['event', undefined],
      ['counterpart', 'a1-hold'],
    ]);
    expect(view(run).timeline[1]).toMatchObject({
      kind: 'counterpart',
      text: 'Alpha holds back.',
      changes: { tension: -5 },
    });
  });

  it("stops at every side's decisions when people play every side", () => {
    const run = must(start(scenario, EVERY_SIDE, 'seed'));
    expect(run.nodeId).toBe('a1');
    const next = must(choose(run, 'a1-strike'));
    expect(next.nodeId).toBe('b1');
    expect(next.path.map((p) => p.kind)).toEqual(['event', 'decision']);
  });

  it("starts at another node with the starting metrics when asked (the author's preview)", () => {
    const run = must(start(scenario, 'beta', 'seed', 'b1'));
    expect(run.nodeId).toBe('b1');
    expect(run.path).toEqual([]);
    expect(run.metrics).toEqual({ tension: 50, alpha_standing: 50, beta_standing: 50 });
    // From a node where the other side decides, its counterpart moves first.
    const fromA1 = must(start(scenario, 'beta', 'seed', 'a1'));
    expect(fromA1.path.map((p) => [p.kind, p.choiceId])).toEqual([['counterpart', 'a1-hold']]);
  });

  it('refuses a side that is not playable or does not exist', () => {
    const result = start(scenario, 'gamma', 'seed');
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_side' } });
  });
});

describe('view', () => {
  it('shows only the player’s own briefing, private text and metrics', () => {
    const text = JSON.stringify(view(must(start(scenario, 'beta', 'seed'))));
    expect(text).toContain('BETA-BRIEFING');
    expect(text).toContain('BETA-PRIVATE-INTRO');
    expect(text).not.toContain('ALPHA-BRIEFING');
    expect(text).not.toContain('ALPHA-PRIVATE-INTRO');
    expect(text).not.toContain('alpha_standing');
    expect(text).not.toContain('ALPHA-NODE-BODY');
  });

  it('never shows effects, feedback, targets or the historical mark of choices not yet made', () => {
    const v = view(must(start(scenario, 'alpha', 'seed')));
    const text = JSON.stringify(v);
    for (const secret of ['FEEDBACK', 'historical', 'effects', '"next"', 'b1-', 'seenByOthers']) {
      expect(text).not.toContain(secret);
    }
  });

  it('shows the feedback and metric changes of the choice made, and nothing of the others', () => {
    const run = must(choose(must(start(scenario, 'beta', 'seed')), 'b1-protest'));
    const v = view(run);
    expect(v.status).toBe('ended');
    const decision = v.timeline.find((t) => t.kind === 'decision');
    expect(decision).toMatchObject({ text: 'FEEDBACK-B1-PROTEST', changes: { beta_standing: 5 } });
    expect(JSON.stringify(v)).not.toContain('FEEDBACK-B1-RETALIATE');
  });

  it('ends with the side’s debrief, the score and the path beside history', () => {
    const run = must(choose(must(start(scenario, 'beta', 'seed')), 'b1-protest'));
    const ending = view(run).ending!;
    expect(ending.id).toBe('calm');
    expect(ending.debrief?.whatHappened).toBe('BETA-DEBRIEF');
    expect(JSON.stringify(ending)).not.toContain('ALPHA-DEBRIEF');
    expect(ending.comparison).toEqual([
      {
        nodeId: 'b1',
        title: 'Beta decides',
        chosen: { id: 'b1-protest', label: 'Protest' },
        historical: { id: 'b1-protest', label: 'Protest' },
        matched: true,
        onHistoricalPath: true,
        counted: true,
      },
    ]);
    expect(ending.historicalPath).toEqual([
      { nodeId: 'b1', title: 'Beta decides', choice: { id: 'b1-protest', label: 'Protest' } },
    ]);
    expect(ending.sources.map((s) => s.id)).toEqual(['s1']);
  });
});

describe('path notes', () => {
  // Beta's debrief at "standoff" with notes on three different paths; only the ones the run took may show.
  const withNotes = fixtureScenario();
  withNotes.endings[1]!.debrief.beta!.pathNotes = [
    { when: { chose: 'a1-strike' }, text: 'NOTE-ALPHA-STRUCK' },
    {
      when: { chose: 'b1-retaliate' },
      text: 'NOTE-BETA-RETALIATED',
      sources: [{ source: 's1', locator: 'p. 2' }],
    },
    {
      when: { all: [{ metric: 'tension', op: '>=', value: 60 }, { not: { flag: 'struck', is: true } }] },
      text: 'NOTE-TENSE',
    },
  ];

  it('shows, in order, the text and sources of every note whose condition holds, and never the condition', () => {
    // Alpha holds (its counterpart policy is historical), Beta retaliates: tension 65, no strike by Alpha.
    const run = must(choose(must(start(withNotes, 'beta', 'seed')), 'b1-retaliate'));
    const ending = view(run).ending!;
    expect(ending.id).toBe('standoff');
    expect(ending.debrief!.pathNotes).toEqual([
      {
        text: 'NOTE-BETA-RETALIATED',
        sources: [{ id: 's1', title: 'A source', passage: 'The cited passage.', locators: ['p. 2'] }],
      },
      { text: 'NOTE-TENSE', sources: [] },
    ]);
    const sent = JSON.stringify(ending.debrief);
    expect(sent).not.toContain('NOTE-ALPHA-STRUCK');
    expect(sent).not.toMatch(/"when"|"chose"|"metric"/);
  });

  it('gives an empty list when the debrief has no notes (files written before the extension)', () => {
    const run = must(choose(must(start(scenario, 'beta', 'seed')), 'b1-retaliate'));
    expect(view(run).ending!.debrief).toEqual({
      whatHappened: 'W',
      pathNotes: [],
      analysis: 'A',
      questions: ['Q?'],
    });
  });
});

describe('choose', () => {
  it('answers an unknown choice with a typed error and leaves the state as it was', () => {
    const run = must(start(scenario, 'alpha', 'seed'));
    expect(choose(run, 'b1-protest')).toMatchObject({ ok: false, error: { code: 'unknown_choice' } });
    expect(run.decisions).toEqual([]);
  });

  it('answers a choice on a finished run with run_finished', () => {
    const ended = must(choose(must(start(scenario, 'beta', 'seed')), 'b1-protest'));
    expect(choose(ended, 'b1-protest')).toMatchObject({ ok: false, error: { code: 'run_finished' } });
  });

  it('keeps the justification in the log, trimmed', () => {
    const run = must(choose(must(start(scenario, 'alpha', 'seed')), 'a1-strike', '  To deter.  '));
    expect(run.decisions).toEqual([{ choiceId: 'a1-strike', justification: 'To deter.' }]);
  });

  it('lets the counterpart’s policy depend on flags, deterministically for a seed', () => {
    const outcomes = (choiceId: string) =>
      Array.from(
        { length: 200 },
        (_, i) => must(choose(must(start(scenario, 'alpha', `s${i}`)), choiceId)).path[2]!.choiceId,
      );
    const afterStrike = outcomes('a1-strike');
    const afterHold = outcomes('a1-hold');
    const share = (xs: (string | undefined)[]) => xs.filter((x) => x === 'b1-retaliate').length / xs.length;
    // Weights 1:3 after a strike, 1:1 after holding.
    expect(share(afterStrike)).toBeGreaterThan(0.6);
    expect(share(afterHold)).toBeLessThan(0.65);
    expect(share(afterHold)).toBeGreaterThan(0.35);
    expect(outcomes('a1-strike')).toEqual(afterStrike);
  });

  it('follows a conditional branch to a directly targeted ending', () => {
    const seed = Array.from({ length: 100 }, (_, i) => `s${i}`).find(
      (s) =>
        must(choose(must(start(scenario, 'alpha', s)), 'a1-strike')).path[2]?.choiceId === 'b1-retaliate',
    )!;
    const run = must(choose(must(start(scenario, 'alpha', seed)), 'a1-strike'));
    expect(run.metrics.tension).toBe(90);
    expect(run.endingId).toBe('spiral');
  });

  it('clamps metrics to their range', () => {
    const tight = fixtureScenario();
    tight.metrics[0]!.max = 60;
    const run = must(choose(must(start(tight, 'alpha', 'x')), 'a1-strike'));
    expect(run.metrics.tension).toBeLessThanOrEqual(60);
    expect(run.path[1]!.delta.tension).toBe(10);
  });
});

describe('score', () => {
  it('weighs the side’s metrics by the documented formula', () => {
    const run = must(choose(must(start(scenario, 'beta', 'seed')), 'b1-protest'));
    // tension 45, beta_standing 55; weights beta_standing 2, tension -1:
    // (2 × 0.55 + 1 × (1 − 0.45)) / 3 × 100 = 55
    const result = score(run);
    expect(result.score).toBe(55);
    expect(result.parts.reduce((sum, p) => sum + p.points, 0)).toBeCloseTo(55);
    expect(result.historicalAlignment).toBe(1);
    expect(result.ending).toBe('calm');
  });

  it('has no historical alignment before the first decision, and counts mismatches', () => {
    expect(score(must(start(scenario, 'alpha', 'seed'))).historicalAlignment).toBeNull();
    const run = must(choose(must(start(scenario, 'alpha', 'seed')), 'a1-strike'));
    expect(score(run).historicalAlignment).toBe(0);
  });

  it('counts toward historical alignment only decisions at nodes the historical run visits', () => {
    // Striking leads to an invented decision whose "historical" mark is only the closest to the real conduct.
    const branched = fixtureScenario();
    const a1 = branched.nodes.find((n) => n.id === 'a1')!;
    a1.choices![1]!.next = 'a2';
    branched.nodes.push({
      id: 'a2',
      side: 'alpha',
      title: 'After striking',
      body: 'Strike again?',
      sources: [{ source: 's1' }],
      choices: [
        { id: 'a2-stop', label: 'Stop', historical: true, feedback: 'F', next: 'b1' },
        { id: 'a2-again', label: 'Strike again', feedback: 'F', next: 'b1' },
      ],
    });
    const struck = must(choose(must(start(branched, 'alpha', 'seed')), 'a1-strike'));
    const run = must(choose(struck, 'a2-stop'));
    // One counted decision (a1), not matched: 0, where counting a2 too would give 0.5.
    expect(score(run).historicalAlignment).toBe(0);
    expect(view(run).ending!.comparison.map((c) => [c.nodeId, c.matched, c.onHistoricalPath])).toEqual([
      ['a1', false, true],
      ['a2', true, false],
    ]);
    // With no counted decision yet, there is no alignment to show.
    const onlyInvented = must(start(branched, 'alpha', 'seed', 'a2'));
    expect(score(must(choose(onlyInvented, 'a2-stop'))).historicalAlignment).toBeNull();
  });
});

describe('replay and stepBack', () => {
  it('rebuilds the same state from the log', () => {
    const played = must(choose(must(start(scenario, 'alpha', 'seed-9')), 'a1-strike', 'why'));
    const rebuilt = must(replay(scenario, 'alpha', 'seed-9', played.decisions));
    expect(strip(rebuilt)).toEqual(strip(played));
  });

  it('reports which logged decision no longer fits', () => {
    expect(replay(scenario, 'alpha', 's', ['a1-hold', 'nope'])).toMatchObject({
      ok: false,
      error: { code: 'run_finished' },
    });
    expect(replay(scenario, 'alpha', 's', ['nope'])).toMatchObject({
      ok: false,
      error: { code: 'unknown_choice', message: expect.stringContaining('Decision 1') as unknown },
    });
  });

  it('steps back by replaying the log without its last decision', () => {
    const begun = must(start(scenario, 'alpha', 'seed'));
    const played = must(choose(begun, 'a1-strike'));
    const back = must(stepBack(played));
    expect(strip(back)).toEqual(strip(begun));
    expect(stepBack(begun)).toMatchObject({ ok: false });
  });
});

describe('historicalRun', () => {
  it('takes every side’s historical choice to the historical ending', () => {
    const run = historicalRun(scenario);
    expect(run.path.map((p) => p.choiceId).filter(Boolean)).toEqual(['a1-hold', 'b1-protest']);
    expect(run.endingId).toBe('calm');
  });
});

const strip = ({ scenario: _, ...rest }: RunState) => ({ ...rest, chosen: [...rest.chosen] });
