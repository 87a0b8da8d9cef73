import { describe, expect, it } from 'vitest';
import { holds, simulate, type SimulatedRun } from '../../api/engine';
import islamabad48Hours from './ending-claims/islamabad-48-hours';
import strikesAcrossTheBorder from './ending-claims/strikes-across-the-border';
import tehranAfterRask from './ending-claims/tehran-after-rask';
import type { EndingClaims } from './ending-claims/types';
import { shippedScenarios } from '../fixtures/shipped-scenarios';

// Each scenario's engineer lists the path facts its endings assert (tests/unit/ending-claims/<slug>.ts); this file
// checks them against many played runs, so an ending never tells a player something their run did not do.
const claimsBySlug: Record<string, EndingClaims> = {
  'islamabad-48-hours': islamabad48Hours,
  'strikes-across-the-border': strikesAcrossTheBorder,
  'tehran-after-rask': tehranAfterRask,
};

const RANDOM_RUNS = 400;
const HISTORY_RUNS = 200;

const describeRun = (run: SimulatedRun) =>
  `${run.side}, seed ${run.seed}: ${run.steps.map((s) => (s.kind === 'decision' ? s.choiceId : `(${s.choiceId})`)).join(' → ')} ⇒ ${run.endingId}`;

describe.each(shippedScenarios)('$file', ({ scenario }) => {
  const claims = claimsBySlug[scenario.slug];
  const playable = scenario.sides.filter((s) => s.playable).map((s) => s.id);

  it('has a claims list naming only endings that exist, and not an empty one', () => {
    expect(claims, `tests/unit/ending-claims/${scenario.slug}.ts is missing`).toBeDefined();
    const endingIds = new Set(scenario.endings.map((e) => e.id));
    expect(Object.keys(claims!).filter((id) => !endingIds.has(id))).toEqual([]);
    expect(Object.values(claims!).flat().length).toBeGreaterThan(0);
  });

  it.each(playable)(
    'every run as %s satisfies the claims of the ending it reaches (random and history-copying play)',
    (side) => {
      const runs = [
        ...Array.from({ length: RANDOM_RUNS }, (_, i) => simulate(scenario, side, 'random', `r${i}`)),
        ...Array.from({ length: HISTORY_RUNS }, (_, i) => simulate(scenario, side, 'history', `h${i}`)),
      ];
      // Counterpart moves are in parentheses; one example path per broken claim keeps the message readable.
      const broken = new Map<string, string>();
      for (const run of runs) {
        for (const { claim, holds: condition } of claims?.[run.endingId] ?? []) {
          const key = `${run.endingId}: "${claim}"`;
          if (!broken.has(key) && !holds(condition, run.state)) broken.set(key, describeRun(run));
        }
      }
      expect([...broken].map(([claim, path]) => `${claim} fails on ${path}`)).toEqual([]);
    },
  );
});
