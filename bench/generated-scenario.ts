import type { Scenario } from '../api/engine';

/**
 * A valid two-sided scenario of about `size` decision nodes (rounded up to a multiple of three) in layers of three, each choice leading to
 * the next layer, with conditional branches, flags and a weighted counterpart: the shape of a big authored
 * scenario, for benchmarks.
 */
export function generateScenario(size: number): Scenario {
  const layers = Math.ceil(size / 3);
  const nodes: Scenario['nodes'] = [];
  const id = (layer: number, i: number) => `n${layer}-${i}`;
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < (layer === 0 ? 1 : 3); i++) {
      const last = layer === layers - 1;
      const side = layer % 2 === 0 ? 'alpha' : 'beta';
      const target = (k: number) => (last ? 'END' : id(layer + 1, k % 3));
      nodes.push({
        id: id(layer, i),
        side,
        title: `Decision ${layer}.${i}`,
        body: 'A decision in a generated scenario. '.repeat(4),
        sources: [{ source: 's1', locator: `§${layer}` }],
        counterpart: {
          policy: 'weighted',
          weights: [
            { choice: `${id(layer, i)}-a`, weight: 2 },
            {
              choice: `${id(layer, i)}-b`,
              weight: 1,
              adjust: [
                {
                  when: {
                    any: [
                      { flag: 'hawk', is: true },
                      { metric: 'tension', op: '>=', value: 0 },
                    ],
                  },
                  add: 1,
                },
              ],
            },
          ],
        },
        choices: [
          {
            id: `${id(layer, i)}-a`,
            label: 'Hold',
            historical: true,
            feedback: 'Held.',
            effects: { metrics: { tension: layer % 2 ? -1 : 1 } },
            next: target(i),
          },
          {
            id: `${id(layer, i)}-b`,
            label: 'Push',
            feedback: 'Pushed.',
            effects: { metrics: { standing: layer % 2 ? 1 : -1 }, flags: { hawk: true } },
            next: {
              branches: [{ when: { flag: 'hawk', is: true }, goto: target(i + 1) }],
              otherwise: target(i + 2),
            },
          },
          { id: `${id(layer, i)}-c`, label: 'Wait', feedback: 'Waited.', next: target(i + 2) },
        ],
      });
    }
  }
  const debrief = { whatHappened: 'W', analysis: 'A', questions: ['Q1?', 'Q2?', 'Q3?'] };
  return {
    formatVersion: 1,
    slug: 'generated',
    title: 'Generated',
    summary: 'A generated scenario for benchmarks.',
    estimatedMinutes: 60,
    start: id(0, 0),
    sides: [
      { id: 'alpha', label: 'Alpha', actor: 'A', playable: true, briefing: 'A' },
      { id: 'beta', label: 'Beta', actor: 'B', playable: true, briefing: 'B' },
    ],
    metrics: [
      { id: 'tension', label: 'Tension', description: 'T', min: -1000, max: 1000, start: 0, owner: 'shared' },
      {
        id: 'standing',
        label: 'Standing',
        description: 'S',
        min: -1000,
        max: 1000,
        start: 0,
        owner: 'alpha',
      },
    ],
    scoring: { alpha: { standing: 1, tension: -1 }, beta: { tension: -1 } },
    nodes,
    endings: [
      {
        id: 'hot',
        title: 'Hot',
        text: 'Hot.',
        when: { metric: 'tension', op: '>', value: 0 },
        sources: [{ source: 's1' }],
        debrief: { alpha: debrief, beta: debrief },
      },
      {
        id: 'cold',
        title: 'Cold',
        text: 'Cold.',
        historical: true,
        sources: [{ source: 's1' }],
        debrief: { alpha: debrief, beta: debrief },
      },
    ],
    sources: [{ id: 's1', title: 'Source' }],
  };
}
