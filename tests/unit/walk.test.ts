import { describe, expect, it } from 'vitest';
import { alwaysOneHolds, exactReport, replay, view, walkSide, type Scenario } from '../../api/engine';
import { validateScenario } from '../../api/engine/validator';
import { fixtureScenario } from '../fixtures/scenarios';

/** The fixture in format 3: the "standoff" ending presumes a strike that a run holding back never made. */
function guarded(): Scenario {
  const s = fixtureScenario();
  s.formatVersion = 3;
  const standoff = s.endings.find((e) => e.id === 'standoff')!;
  standoff.presumes = { flag: 'struck', is: true };
  return s;
}

/** The exact walk's findings as Alpha (the graph checks would stop `validateScenario` on `merging()`). */
const textFindings = (s: Scenario) => walkSide(s, 'alpha').findings.map((f) => `${f.rule} ${f.path}`);

/** The fixture in format 3 with Alpha's two choices alike in effect, so their runs merge at b1 (Spiral is lost). */
function merging(): Scenario {
  const s = fixtureScenario();
  s.formatVersion = 3;
  const [hold, strike] = s.nodes[1]!.choices!;
  strike!.effects = structuredClone(hold!.effects);
  const counterpart = s.nodes[2]!.counterpart;
  if (counterpart?.policy === 'weighted') delete counterpart.weights[1]!.adjust;
  return s;
}

describe('the exact walk', () => {
  it('gives the exact share of runs per ending (random player, weighted counterpart)', () => {
    // Hold: Beta protests or retaliates half the time each (calm, standoff); strike: 1/4 protest, 3/4 retaliate.
    const walk = walkSide(fixtureScenario(), 'alpha');
    const share = Object.fromEntries(walk.endings.map((e) => [e.id, e.random]));
    expect(share).toEqual({ calm: 0.25, standoff: 0.375, spiral: 0.375 });
    expect(walk.incomplete).toBeUndefined();
  });

  it('fails a text shown where its guard is false, naming the text, the state and a shortest path', () => {
    const result = validateScenario(guarded(), { exact: true });
    const problem = result.problems.find((p) => p.rule === 'guard-violated');
    expect(problem?.path).toBe('endings[1].text');
    expect(problem?.message).toContain('a1-hold → b1-retaliate (counterpart)');
    expect(problem?.message).toContain('tension 65');
    // Without the exact walk (as on a request in the Worker) the guard is not checked.
    expect(validateScenario(guarded()).problems).toEqual([]);
  });

  it('passes once the guard is true wherever the text is shown', () => {
    const s = guarded();
    s.endings.find((e) => e.id === 'standoff')!.presumes = { metric: 'tension', op: '>=', value: 50 };
    expect(validateScenario(s, { exact: true }).problems).toEqual([]);
  });

  it('checks a node body on every path that reaches it, counterpart branches included', () => {
    const s = guarded();
    delete s.endings.find((e) => e.id === 'standoff')!.presumes;
    s.nodes.find((n) => n.id === 'b1')!.presumes = { flag: 'struck', is: true };
    const problem = validateScenario(s, { exact: true }).problems.find((p) => p.rule === 'guard-violated');
    expect(problem?.path).toBe('nodes[2].body');
    expect(problem?.message).toContain('a1-hold');
  });

  it('reports a fragment no path shows and a text that a path leaves empty', () => {
    const s = guarded();
    delete s.endings.find((e) => e.id === 'standoff')!.presumes;
    const calm = s.endings.find((e) => e.id === 'calm')!;
    calm.text = '';
    calm.textIf = [
      { when: { flag: 'struck', is: true }, text: 'NEVER' },
      { when: { metric: 'tension', op: '<', value: 40 }, text: 'RARE' },
    ];
    const rules = validateScenario(s, { exact: true }).problems.map((p) => `${p.rule} ${p.path}`);
    expect(rules).toContain('fragment-never-shown endings[0].textIf[0]');
    expect(rules).toContain('fragment-never-shown endings[0].textIf[1]');
    expect(rules).toContain('empty-text endings[0].text');
  });

  it('keeps apart only the states a fragment could leave empty', () => {
    const s = merging();
    const base = walkSide(s, 'alpha').states;
    const calm = s.endings.find((e) => e.id === 'calm')!;
    // With a base text the fragment cannot leave it empty: the held and struck runs stay merged.
    calm.textIf = [{ when: { chose: 'a1-hold' }, text: 'HELD' }];
    expect(walkSide(s, 'alpha').states).toBe(base);
    expect(textFindings(s)).toEqual([]);
    // Two fragments of which one always holds cannot leave an empty base empty either.
    calm.text = '';
    calm.textIf.push({ when: { not: { chose: 'a1-hold' } }, text: 'STRUCK' });
    expect(textFindings(s)).toEqual([]);
    // One alone can: the walk must keep the runs apart, and finds the empty one.
    calm.textIf.pop();
    expect(walkSide(s, 'alpha').states).toBeGreaterThan(base);
    expect(textFindings(s)).toEqual(['empty-text endings[0].text']);
  });

  it('finds a fragment shown only on a run merged into another, and still reports a dead one', () => {
    const s = merging();
    const calm = s.endings.find((e) => e.id === 'calm')!;
    calm.textIf = [
      { when: { chose: 'a1-strike' }, text: 'AFTER-A-STRIKE' },
      // Calm needs tension below 50: a run in which Beta retaliated never gets there.
      { when: { chose: 'b1-retaliate' }, text: 'DEAD' },
    ];
    expect(textFindings(s)).toEqual(['fragment-never-shown endings[0].textIf[1]']);
  });

  it('merges runs on a metric compared only under a condition the run has already decided', () => {
    const s = merging();
    // Holding and striking now leave tension one apart (45 and 46) at Beta's decision.
    s.nodes[1]!.choices![1]!.effects = { metrics: { tension: -4, alpha_standing: -5 } };
    const calm = s.endings.find((e) => e.id === 'calm')!;
    // No move sets "struck": Calm's tension test can never matter, so the two runs are one state at b1.
    calm.when = {
      all: [
        { flag: 'struck', is: true },
        { metric: 'tension', op: '<', value: 50 },
      ],
    };
    const decided = walkSide(s, 'alpha');
    // Once a later move can set the flag, the same comparison keeps them apart.
    const protest = s.nodes[2]!.choices![0]!;
    protest.effects = { ...protest.effects, flags: { struck: true } };
    const open = walkSide(s, 'alpha');
    expect(open.states).toBeGreaterThan(decided.states);
    // Without "struck" Calm never holds, and a retaliation (tension 65 or 66) stays under Spiral's 80.
    expect(Object.fromEntries(decided.endings.map((e) => [e.id, e.random]))).toEqual({
      calm: 0,
      standoff: 1,
      spiral: 0,
    });
  });

  it('decides when fragments leave no state without one', () => {
    const ties = (op: '<' | '<=' | '>' | '>=', value: number) => ({ metric: 'ties', op, value }) as const;
    expect(alwaysOneHolds([ties('<', 58), ties('>=', 58)])).toBe(true);
    expect(alwaysOneHolds([ties('<', 58), ties('>', 58)])).toBe(false);
    expect(
      alwaysOneHolds([
        { flag: 'x', is: true },
        { flag: 'x', is: false },
      ]),
    ).toBe(true);
    expect(alwaysOneHolds([{ chose: 'a' }, { not: { chose: 'b' } }])).toBe(false);
    expect(alwaysOneHolds([{ chose: 'a' }, { not: { chose: 'a' } }])).toBe(true);
  });

  it('makes a walk out of the caller’s budget a warning, not a problem', () => {
    const result = validateScenario(guarded(), { exact: true, maxStates: 2 });
    expect(result.problems).toEqual([]);
    expect(result.warnings?.map((w) => w.rule)).toContain('walk-incomplete');
  });

  it('flags a choice a sibling beats on every scored metric, and a decision whose choices score alike', () => {
    const s = fixtureScenario();
    s.nodes[1]!.choices!.push({
      id: 'a1-wait',
      label: 'Wait',
      effects: { metrics: { tension: -5, alpha_standing: -9 } },
      feedback: 'Waiting costs standing.',
      next: 'b1',
    });
    const alpha = exactReport(s).find((r) => r.side === 'alpha')!;
    expect(alpha.dominated).toContainEqual({ nodeId: 'a1', choiceId: 'a1-wait', by: 'a1-hold' });
    const decision = alpha.decisions.find((d) => d.nodeId === 'a1')!;
    expect(decision.choices.map((c) => c.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('format version 3', () => {
  it('shows only the fragments whose condition holds, on the state of the step that shows them', () => {
    const s = fixtureScenario();
    s.formatVersion = 3;
    s.nodes[1]!.choices![1]!.feedbackIf = [{ when: { flag: 'struck', is: true }, text: 'STRUCK-FRAGMENT' }];
    s.endings[1]!.textIf = [
      { when: { flag: 'struck', is: true }, text: 'AFTER-A-STRIKE' },
      { when: { flag: 'struck', is: false }, text: 'NO-STRIKE' },
    ];
    expect(validateScenario(s, { exact: true }).problems).toEqual([]);
    const struck = replay(s, 'alpha', 'seed-1', ['a1-strike']);
    const held = replay(s, 'alpha', 'seed-1', ['a1-hold']);
    if (!struck.ok || !held.ok) throw new Error('replay failed');
    expect(view(struck.value).timeline.find((t) => t.kind === 'decision')!.text).toBe(
      'FEEDBACK-A1-STRIKE\n\nSTRUCK-FRAGMENT',
    );
    for (const run of [struck.value, held.value]) {
      const ending = view(run).ending!;
      if (ending.id !== 'standoff') continue;
      expect(ending.text).toBe(
        run.flags.struck ? 'Nothing settled.\n\nAFTER-A-STRIKE' : 'Nothing settled.\n\nNO-STRIKE',
      );
    }
  });

  it('defines path notes once and resolves references to them in the debrief', () => {
    const s = fixtureScenario();
    s.formatVersion = 3;
    s.pathNotes = [{ id: 'held', when: { chose: 'a1-hold' }, text: 'SHARED-NOTE' }];
    for (const e of s.endings) e.debrief.alpha!.pathNotes = ['held'];
    expect(validateScenario(s).problems).toEqual([]);
    const run = replay(s, 'alpha', 'seed-1', ['a1-hold']);
    if (!run.ok) throw new Error('replay failed');
    expect(view(run.value).ending!.debrief!.pathNotes.map((n) => n.text)).toEqual(['SHARED-NOTE']);
  });

  it('refuses the new fields in an older version, and a reference to a note that is not defined', () => {
    const s = fixtureScenario();
    s.endings[0]!.presumes = { metric: 'tension', op: '<', value: 50 };
    s.endings[0]!.debrief.alpha!.pathNotes = ['nowhere'];
    const messages = validateScenario(s).problems.map((p) => p.message);
    expect(messages).toContain(
      'Guards, conditional fragments and shared path notes need "formatVersion": 3.',
    );
    expect(messages).toContain('The path note "nowhere" is not defined in `pathNotes`.');
  });
});
