import { describe, expect, it } from 'vitest';
import { historicalRun, type Scenario } from '../../api/engine';
import { validateScenario } from '../../api/engine/validator';
import { renameReferences, type IdKind } from '../../web/src/studio/rename';
import { fixtureScenario } from '../fixtures/scenarios';
import { shippedScenarios } from '../fixtures/shipped-scenarios';

/** Every renameable item of a scenario: its kind and the object carrying the id. */
const items = (s: Scenario): [IdKind, { id: string }][] => [
  ...s.nodes.map((n) => ['node', n] as [IdKind, { id: string }]),
  ...s.endings.map((e) => ['ending', e] as [IdKind, { id: string }]),
  ...s.nodes.flatMap((n) => (n.choices ?? []).map((c) => ['choice', c] as [IdKind, { id: string }])),
  ...s.sides.map((x) => ['side', x] as [IdKind, { id: string }]),
  ...s.metrics.map((m) => ['metric', m] as [IdKind, { id: string }]),
  ...s.sources.map((x) => ['source', x] as [IdKind, { id: string }]),
];

const historicalIds = (s: Scenario) => {
  const run = historicalRun(s);
  // Metric values in order (a renamed metric changes its key, not its value).
  return { steps: run.path.map((p) => [p.kind, Object.values(p.metrics)]), ending: run.endingId };
};

/** The fixture with a path note naming a choice, a metric and a source, so renames must reach notes too. */
function fixtureWithPathNotes() {
  const s = fixtureScenario();
  s.endings[1]!.debrief.alpha!.pathNotes = [
    {
      when: { all: [{ chose: 'a1-strike' }, { metric: 'tension', op: '>=', value: 60 }] },
      text: 'You struck.',
      sources: [{ source: 's1' }],
    },
  ];
  return s;
}

describe('renameReferences', () => {
  it.each([
    { file: 'fixture', scenario: fixtureScenario() },
    { file: 'fixture with path notes', scenario: fixtureWithPathNotes() },
    ...shippedScenarios,
  ])(
    '$file: renaming any id keeps the scenario valid and playing the same way',
    ({ scenario }) => {
      const count = items(scenario).length;
      for (let i = 0; i < count; i++) {
        const copy = structuredClone(scenario);
        const [kind, item] = items(copy)[i]!;
        const old = item.id;
        item.id = `${old}-renamed`;
        expect(renameReferences(copy, kind, old, item.id)).toBe(true);
        const result = validateScenario(copy);
        expect(result.problems, `${kind} ${old}`).toEqual([]);
        const before = historicalIds(scenario);
        const after = historicalIds(result.scenario!);
        expect(after.steps).toEqual(before.steps);
        expect(after.ending).toBe(before.ending === old ? item.id : before.ending);
      }
    },
    // One full validation per id: the flagship has several hundred ids, slow on a shared machine.
    120_000,
  );

  it('leaves references alone when the new id is already taken', () => {
    const scenario = fixtureScenario();
    scenario.nodes[1]!.id = 'b1';
    expect(renameReferences(scenario, 'node', 'a1', 'b1')).toBe(false);
    expect(scenario.nodes[0]!.next).toBe('a1');
  });

  it('renames side keys in place, keeping their order', () => {
    const scenario = fixtureScenario();
    scenario.sides[0]!.id = 'north';
    renameReferences(scenario, 'side', 'alpha', 'north');
    expect(Object.keys(scenario.scoring)).toEqual(['north', 'beta']);
    expect(Object.keys(scenario.nodes[0]!.private!)).toEqual(['north', 'beta']);
    expect(scenario.nodes[1]!.side).toBe('north');
    expect(scenario.metrics.find((m) => m.id === 'alpha_standing')!.owner).toBe('north');
  });
});
