import { describe, expect, it } from 'vitest';
import { formatReport, scenarioReport, simulate } from '../../api/engine';
import { fixtureScenario } from '../fixtures/scenarios';

const scenario = fixtureScenario();

describe('scenarioReport', () => {
  const report = scenarioReport(scenario, 200);
  const alpha = report.sides.find((s) => s.side === 'alpha')!;
  const beta = report.sides.find((s) => s.side === 'beta')!;

  it('reports every playable side, with ending shares that add up to 1 for each kind of player', () => {
    expect(report.sides.map((s) => s.side)).toEqual(['alpha', 'beta']);
    for (const side of report.sides) {
      expect(side.endings.map((e) => e.id)).toEqual(['calm', 'standoff', 'spiral']);
      expect(side.endings.reduce((sum, e) => sum + e.random, 0)).toBeCloseTo(1);
      expect(side.endings.reduce((sum, e) => sum + e.history, 0)).toBeCloseTo(1);
    }
  });

  it('finds the counterpart leaving history although the player copied it, with how often', () => {
    // Alpha holds; Beta's weighted policy then retaliates about half the time (tension 65: "standoff").
    expect(alpha.deviations.map((d) => [d.nodeId, d.choiceId])).toEqual([['b1', 'b1-retaliate']]);
    const standoff = alpha.endings.find((e) => e.id === 'standoff')!.history;
    expect(alpha.deviations[0]!.share).toBeCloseTo(standoff);
    expect(alpha.deviationRate).toBeCloseTo(standoff);
    expect(standoff).toBeGreaterThan(0.3);
    expect(standoff).toBeLessThan(0.7);
    // Alpha's node has no policy, so it follows history: Beta's player never sees a deviation.
    expect(beta.deviationRate).toBe(0);
    expect(beta.deviations).toEqual([]);
  });

  it('scores the all-historical path and ranks it among the random runs', () => {
    // Tension 45, Alpha standing 45: (2 × 0.45 + 1 × 0.55) / 3 = 48.3.
    expect(alpha.historicalPath).toMatchObject({ score: 48, endingId: 'calm' });
    const random = Array.from(
      { length: 200 },
      (_, i) => simulate(scenario, 'alpha', 'random', `r${i}`).score,
    );
    expect(alpha.historicalPath.rank).toBe(1 + random.filter((s) => s > 48).length);
    expect(alpha.historicalPath.above).toBeCloseTo(random.filter((s) => s < 48).length / 200);
    expect(alpha.random.min).toBe(Math.min(...random));
    expect(alpha.random.max).toBe(Math.max(...random));
    expect(alpha.best.score).toBeGreaterThanOrEqual(alpha.random.max);
    // Striking raises Alpha's standing most: the best path found strikes.
    expect(alpha.best.decisions).toEqual(['a1-strike']);
    expect(alpha.best.labels).toEqual(['Strike']);
  });

  it('gives the same report for the same scenario (seeded runs)', () => {
    expect(scenarioReport(scenario, 200)).toEqual(report);
  });

  it('prints a plain table per side', () => {
    const text = formatReport(report);
    expect(text).toContain('== Playing Alpha (alpha)');
    expect(text).toMatch(/calm \(historical\)\s+\d+\.\d%\s+\d+\.\d%/);
    expect(text).toMatch(/b1 \(Beta decides\)\s+b1-retaliate\s+\d+\s+\d+\.\d%/);
    expect(text).toContain('historical path:              score 48 (ending calm), rank');
  });
});
