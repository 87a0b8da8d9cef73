import { describe, expect, it } from 'vitest';
import { choose, historicalRun, start, view, simulate, type RunState, type Scenario } from '../../api/engine';
import { validateScenario } from '../../api/engine/validator';
import { lcg, shippedScenarios } from '../fixtures/shipped-scenarios';

/** Plays a side with `pick` choosing at each decision; returns the final state. */
function play(scenario: Scenario, side: string, seed: string, pick: (state: RunState) => string): RunState {
  const begun = start(scenario, side, seed);
  if (!begun.ok) throw new Error(begun.error.message);
  let state = begun.value;
  for (let guard = 0; state.nodeId !== null; guard++) {
    if (guard > 500) throw new Error('no ending after 500 decisions');
    const next = choose(state, pick(state));
    if (!next.ok) throw new Error(next.error.message);
    state = next.value;
  }
  return state;
}

const historicalChoiceAt = (scenario: Scenario) => (state: RunState) => {
  const node = scenario.nodes.find((n) => n.id === state.nodeId)!;
  return node.choices!.find((c) => c.historical)!.id;
};

it('ships the three crisis scenarios', () => {
  expect(shippedScenarios.map((s) => s.file)).toEqual([
    'islamabad-48-hours.json',
    'strikes-across-the-border.json',
    'tehran-after-rask.json',
  ]);
});

describe.each(shippedScenarios)('$file', ({ file, scenario }) => {
  const playable = scenario.sides.filter((s) => s.playable).map((s) => s.id);

  it('passes the validator with no problems, and its slug is its file name', () => {
    expect(validateScenario(scenario).problems).toEqual([]);
    expect(`${scenario.slug}.json`).toBe(file);
  });

  it('follows history to the historical ending', () => {
    const historicalEnding = scenario.endings.find((e) => e.historical)!;
    expect(historicalRun(scenario).endingId).toBe(historicalEnding.id);
  });

  it.each(playable)(
    'brings a history-copying player as %s to the historical ending on every seed',
    (side) => {
      // The counterpart may leave history only when the player gives it reason; a player who copies history gives
      // none, so every seed of the counterpart's draws must end where history did.
      const historicalEnding = scenario.endings.find((e) => e.historical)!;
      const elsewhere = Array.from({ length: 200 }, (_, i) => simulate(scenario, side, 'history', `h${i}`))
        .filter((run) => run.endingId !== historicalEnding.id)
        .map(
          (run) =>
            `seed ${run.seed}: ${run.steps.map((s) => (s.kind === 'decision' ? s.choiceId : `(${s.choiceId})`)).join(' → ')} ⇒ ${run.endingId}`,
        );
      expect(elsewhere.slice(0, 5), `${elsewhere.length} of 200 runs end elsewhere`).toEqual([]);
    },
  );

  it('can reach every ending', () => {
    const reached = new Set<string>();
    const random = lcg(42);
    for (let i = 0; i < 30_000 && reached.size < scenario.endings.length; i++) {
      const side = playable[i % playable.length]!;
      const state = play(scenario, side, `r${i}`, (s) => {
        const choices = view(s).decision!.choices;
        return choices[Math.floor(random() * choices.length)]!.id;
      });
      reached.add(state.endingId!);
    }
    expect([...reached].sort()).toEqual(scenario.endings.map((e) => e.id).sort());
  });

  it('gives every playable side a debrief at every ending', () => {
    for (const ending of scenario.endings) {
      for (const side of playable) expect(ending.debrief[side]?.questions.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps every node short enough to read in under a minute', () => {
    for (const node of scenario.nodes) {
      const words =
        node.body.split(/\s+/).length + (Object.values(node.private ?? {})[0]?.split(/\s+/).length ?? 0);
      expect(words, node.id).toBeLessThanOrEqual(200);
    }
  });
});

describe('strikes-across-the-border', () => {
  const scenario = shippedScenarios.find((s) => s.scenario.slug === 'strikes-across-the-border')!.scenario;

  it('has at least 10 decisions per side on the historical path and at least 5 endings', () => {
    const path = historicalRun(scenario).path;
    const bySide = (side: string) =>
      path.filter((p) => scenario.nodes.find((n) => n.id === p.nodeId)?.side === side).length;
    expect(bySide('tehran')).toBeGreaterThanOrEqual(10);
    expect(bySide('islamabad')).toBeGreaterThanOrEqual(10);
    expect(scenario.endings.length).toBeGreaterThanOrEqual(5);
  });
});
