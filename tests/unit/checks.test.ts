import { describe, expect, it } from 'vitest';
import {
  shuffledOptions,
  answerCheck,
  checksPayload,
  checksView,
  choose,
  knowledge,
  replay,
  start,
  view,
  type CheckAnswer,
  type RunState,
  type Scenario,
} from '../../api/engine';
import { validateScenario, type ProblemRule } from '../../api/engine/validator';
import { fixtureScenario, scenarioWithChecks } from '../fixtures/scenarios';
import { lcg, shippedScenarios } from '../fixtures/shipped-scenarios';

const scenario = scenarioWithChecks();

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
const ended = (): RunState => must(replay(scenario, 'alpha', 'seed', [{ choiceId: 'a1-hold' }]));
const fresh = (): RunState => must(start(scenario, 'alpha', 'seed'));

describe('answerCheck', () => {
  it('opens "before" questions only until the first decision, node questions once the node is passed, and "after" ones at the end', () => {
    const s0 = fresh();
    expect(checksView(s0, []).map((c) => `${c.checkId}@${c.slot}`)).toEqual(['who@before', 'both@before']);
    expect(answerCheck(s0, [], { checkId: 'who', slot: 'after', optionIds: ['alpha'] })).toMatchObject({
      ok: false,
      error: { code: 'check_not_open' },
    });
    expect(answerCheck(s0, [], { checkId: 'what', slot: 'node', optionIds: ['held'] })).toMatchObject({
      ok: false,
      error: { code: 'check_not_open' },
    });
    const done = ended();
    expect(checksView(done, []).map((c) => `${c.checkId}@${c.slot}`)).toEqual([
      'who@after',
      'what@node',
      'both@after',
    ]);
    expect(answerCheck(done, [], { checkId: 'who', slot: 'before', optionIds: ['alpha'] })).toMatchObject({
      ok: false,
      error: { code: 'check_not_open' },
    });
  });

  it('records a retried answer once and refuses a different second answer', () => {
    const s0 = fresh();
    const first = answerCheck(s0, [], { checkId: 'who', slot: 'before', optionIds: ['beta'] });
    expect(first).toMatchObject({ ok: true, correct: false, repeated: false });
    const log: CheckAnswer[] = [{ checkId: 'who', slot: 'before', optionIds: ['beta'] }];
    expect(answerCheck(s0, log, { checkId: 'who', slot: 'before', optionIds: ['beta'] })).toMatchObject({
      ok: true,
      repeated: true,
    });
    expect(answerCheck(s0, log, { checkId: 'who', slot: 'before', optionIds: ['alpha'] })).toMatchObject({
      ok: false,
      error: { code: 'already_answered' },
    });
  });

  it('refuses unknown questions, options outside the question and several answers to a one-answer question', () => {
    const s0 = fresh();
    expect(answerCheck(s0, [], { checkId: 'ghost', slot: 'before', optionIds: ['a'] })).toMatchObject({
      ok: false,
      error: { code: 'unknown_check' },
    });
    expect(answerCheck(s0, [], { checkId: 'what', slot: 'before', optionIds: ['held'] })).toMatchObject({
      ok: false,
      error: { code: 'unknown_check' },
    });
    expect(answerCheck(s0, [], { checkId: 'who', slot: 'before', optionIds: ['gamma'] })).toMatchObject({
      ok: false,
      error: { code: 'unknown_option' },
    });
    expect(answerCheck(s0, [], { checkId: 'who', slot: 'before', optionIds: [] })).toMatchObject({
      ok: false,
      error: { code: 'unknown_option' },
    });
    expect(
      answerCheck(s0, [], { checkId: 'who', slot: 'before', optionIds: ['alpha', 'beta'] }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_option' } });
  });

  it('marks a many-answer question right only when exactly the right options are chosen', () => {
    const s0 = fresh();
    expect(answerCheck(s0, [], { checkId: 'both', slot: 'before', optionIds: ['a'] })).toMatchObject({
      ok: true,
      correct: false,
    });
    expect(
      answerCheck(s0, [], { checkId: 'both', slot: 'before', optionIds: ['a', 'b', 'c'] }),
    ).toMatchObject({ ok: true, correct: false });
    expect(answerCheck(s0, [], { checkId: 'both', slot: 'before', optionIds: ['b', 'a'] })).toMatchObject({
      ok: true,
      correct: true,
    });
  });
});

describe('checksView', () => {
  it('never shows correct marks, the explanation or the sources before the answer, in any view', () => {
    const leaks = (text: string) => /EXPLANATION|"correct"|correctOptionIds|§2/.test(text);
    for (const state of [fresh(), must(choose(fresh(), 'a1-strike')), ended()]) {
      expect(leaks(JSON.stringify(checksView(state, [])))).toBe(false);
      expect(leaks(JSON.stringify(view(state)))).toBe(false);
    }
    const asked = checksView(fresh(), [])[0]!;
    expect(asked).toEqual({
      checkId: 'who',
      slot: 'before',
      prompt: 'Who acted first?',
      options: shuffledOptions(
        [
          { id: 'alpha', label: 'Alpha' },
          { id: 'beta', label: 'Beta' },
        ],
        `${fresh().seed}|who|before`,
      ),
      selectMany: false,
      answer: null,
    });
  });

  it('shows options in an order shuffled per run, the same on every reload', () => {
    const order = (seed: string) =>
      checksView(must(start(scenarioWithChecks(), 'alpha', seed)), [])[0]!.options.map((o) => o.id);
    expect(order('seed-a')).toEqual(order('seed-a'));
    const firsts = new Set(Array.from({ length: 20 }, (_, i) => order(`seed-${i}`)[0]));
    // Always picking the first option no longer always picks the right one.
    expect(firsts).toEqual(new Set(['alpha', 'beta']));
  });

  it('shows right or wrong, the right options, the explanation and its sources once answered', () => {
    const ended = must(choose(fresh(), 'a1-hold'));
    const answered = checksView(ended, [{ checkId: 'what', slot: 'node', optionIds: ['struck'] }]).find(
      (c) => c.checkId === 'what',
    )!;
    expect(answered.answer).toMatchObject({
      optionIds: ['struck'],
      revealed: true,
      correct: false,
      correctOptionIds: ['held'],
    });
  });

  it('seals a "before" answer until the run has ended, then shows it marked with its explanation and sources', () => {
    const log: CheckAnswer[] = [{ checkId: 'who', slot: 'before', optionIds: ['beta'] }];
    const sealed = checksView(fresh(), log)[0]!;
    expect(sealed.answer).toEqual({ optionIds: ['beta'], revealed: false });
    expect(checksPayload(fresh(), log).knowledge).toMatchObject({ answered: 0, correct: 0, score: null });
    // An answered "before" slot stays in view after play starts; an unanswered one closes.
    const later = must(choose(fresh(), 'a1-hold'));
    const revealed = checksView(later, log);
    expect(revealed.map((c) => `${c.checkId}@${c.slot}`)).toEqual([
      'who@before',
      'who@after',
      'what@node',
      'both@after',
    ]);
    expect(revealed[0]!.answer).toMatchObject({
      optionIds: ['beta'],
      revealed: true,
      correct: false,
      correctOptionIds: ['alpha'],
      explanation: 'EXPLANATION-WHO',
      sources: [{ id: 's1', locators: ['§2'] }],
    });
    expect(checksPayload(later, log).knowledge).toMatchObject({ answered: 1, correct: 0, score: 0 });
  });
});

describe('knowledge', () => {
  it('scores the share of questions right at their latest answer and leaves the decision metrics alone', () => {
    const answers: CheckAnswer[] = [
      { checkId: 'who', slot: 'before', optionIds: ['beta'] },
      { checkId: 'who', slot: 'after', optionIds: ['alpha'] },
      { checkId: 'what', slot: 'node', optionIds: ['struck'] },
      { checkId: 'both', slot: 'before', optionIds: ['a', 'b'] },
    ];
    const k = knowledge(ended(), answers);
    expect(k).toMatchObject({ asked: 3, answered: 3, correct: 2, counted: 3 });
    expect(k.score).toBeCloseTo(2 / 3);
    const state = ended();
    expect(view(state).metrics).toEqual(
      view(must(replay(fixtureScenario(), 'alpha', 'seed', [{ choiceId: 'a1-hold' }]))).metrics,
    );
  });

  it('measures the learning gain over questions answered before and after only', () => {
    const k = knowledge(ended(), [
      { checkId: 'who', slot: 'before', optionIds: ['beta'] },
      { checkId: 'who', slot: 'after', optionIds: ['alpha'] },
      { checkId: 'both', slot: 'before', optionIds: ['a', 'b'] },
      { checkId: 'both', slot: 'after', optionIds: ['a', 'b'] },
      { checkId: 'what', slot: 'node', optionIds: ['held'] },
    ]);
    expect(k.changes).toEqual([
      { checkId: 'who', prompt: 'Who acted first?', before: false, after: true },
      { checkId: 'both', prompt: 'Which were sides?', before: true, after: true },
    ]);
    expect(k.gain).toBe(0.5);
    const lost = knowledge(ended(), [
      { checkId: 'who', slot: 'before', optionIds: ['alpha'] },
      { checkId: 'who', slot: 'after', optionIds: ['beta'] },
    ]);
    expect(lost.gain).toBe(-1);
    expect(knowledge(fresh(), [{ checkId: 'who', slot: 'before', optionIds: ['alpha'] }])).toEqual({
      asked: 2,
      answered: 1,
      correct: 1,
      counted: 1,
      score: 1,
      gain: null,
      changes: [],
    });
    expect(knowledge(fresh(), [])).toEqual({
      asked: 2,
      answered: 0,
      correct: 0,
      counted: 0,
      score: null,
      gain: null,
      changes: [],
    });
  });

  it('counts every question the run asked once it has ended, so leaving questions unanswered never raises the score', () => {
    const right = [{ checkId: 'who', slot: 'before', optionIds: ['alpha'] }] as const;
    // Ended: who (right), what (asked at a1) and both (before and after) are asked; two unanswered count as wrong.
    expect(knowledge(ended(), right)).toMatchObject({ asked: 3, answered: 1, counted: 3, score: 1 / 3 });
    // A question that was never asked (its node not reached) does not count.
    const early = { ...ended(), endingId: null, path: [] };
    expect(knowledge(early, right)).toMatchObject({ asked: 2, counted: 1, score: 1 });
  });
});

describe('validating checks', () => {
  const problemsOf = (breakIt: (s: Scenario) => void) => {
    const s = scenarioWithChecks();
    breakIt(s);
    return validateScenario(s).problems;
  };
  const expectProblem = (breakIt: (s: Scenario) => void, rule: ProblemRule, path: string) => {
    const problems = problemsOf(breakIt);
    expect(
      problems.find((p) => p.rule === rule && p.path === path),
      JSON.stringify(problems),
    ).toBeDefined();
  };

  it('accepts a version-2 file with checks and a version-1 file without them', () => {
    expect(validateScenario(scenarioWithChecks()).problems).toEqual([]);
    expect(validateScenario(fixtureScenario()).problems).toEqual([]);
  });

  it('finds a question with no right option, duplicate ids, missing nodes and sources, and checks in a version-1 file', () => {
    expectProblem(
      (s) => s.checks![0]!.options.forEach((o) => delete o.correct),
      'no-correct-option',
      'checks[0].options',
    );
    expectProblem((s) => (s.checks![1]!.id = 'who'), 'duplicate-id', 'checks[1].id');
    expectProblem((s) => (s.checks![1]!.options[1]!.id = 'held'), 'duplicate-id', 'checks[1].options[1].id');
    expectProblem(
      (s) => s.checks![1]!.placements.push({ at: 'node', node: 'b1' }),
      'duplicate-id',
      'checks[1].placements[1]',
    );
    expectProblem(
      (s) => (s.checks![1]!.placements = [{ at: 'node', node: 'ghost' }]),
      'missing-reference',
      'checks[1].placements[0].node',
    );
    expectProblem(
      (s) => (s.checks![0]!.sources = [{ source: 's9' }]),
      'missing-reference',
      'checks[0].sources[0].source',
    );
    expectProblem((s) => (s.checks![0]!.sources = []), 'uncited', 'checks[0].sources');
    expectProblem((s) => (s.formatVersion = 1), 'structure', 'formatVersion');
  });

  it('holds a question to 2–6 options through the schema', () => {
    expectProblem(
      (s) => (s.checks![0]!.options = [{ id: 'x', label: 'X', correct: true }]),
      'schema',
      'checks[0].options',
    );
  });
});

describe.each(shippedScenarios)('$file knowledge checks', ({ scenario: shipped }) => {
  it('has 6–12 questions (at least three analytical ones were added in the third edition), some asked before and after, every one answerable on the historical path for each playable side', () => {
    const checks = shipped.checks ?? [];
    expect(checks.length).toBeGreaterThanOrEqual(6);
    expect(checks.length).toBeLessThanOrEqual(12);
    expect(
      checks.filter(
        (c) => c.placements.some((p) => p.at === 'before') && c.placements.some((p) => p.at === 'after'),
      ).length,
    ).toBeGreaterThanOrEqual(2);
    for (const side of shipped.sides.filter((s) => s.playable)) {
      let state = must(start(shipped, side.id, 'history'));
      const seen = new Set(checksView(state, []).map((c) => `${c.checkId}@${c.slot}`));
      while (state.nodeId) {
        const node = shipped.nodes.find((n) => n.id === state.nodeId)!;
        state = must(choose(state, node.choices!.find((c) => c.historical)!.id));
        for (const c of checksView(state, [])) seen.add(`${c.checkId}@${c.slot}`);
      }
      const placed = checks.flatMap((c) => c.placements.map((p) => `${c.id}@${p.at}`));
      expect([...seen].sort(), side.id).toEqual(placed.sort());
    }
  });

  it('never shows a right answer or an explanation before the question is answered, on random runs', () => {
    const random = lcg(21);
    for (const side of shipped.sides.filter((s) => s.playable)) {
      for (let run = 0; run < 20; run++) {
        let state = must(start(shipped, side.id, `seed-${run}`));
        for (;;) {
          const text = JSON.stringify(checksView(state, []));
          // Field names only: a prompt may use the word "explanations" ("Which explanations … does Mir weigh?").
          expect(text).not.toMatch(/"correct\w*"\s*:|"explanation"\s*:/);
          for (const check of shipped.checks ?? []) expect(text).not.toContain(check.explanation);
          if (!state.nodeId) break;
          const choices = shipped.nodes.find((n) => n.id === state.nodeId)!.choices!;
          state = must(choose(state, choices[Math.floor(random() * choices.length)]!.id));
        }
      }
    }
  });
});
