import type { Choice, Scenario } from '../engine';

/**
 * Every choice of a scenario by its id (ids are unique across the scenario), for labelling logs and exports.
 * @example choicesById(scenario).get(vote.choiceId)?.label ?? vote.choiceId
 */
export const choicesById = (scenario: Scenario): Map<string, Choice> =>
  new Map(
    scenario.nodes.flatMap((node) => (node.choices ?? []).map((choice) => [choice.id, choice] as const)),
  );

/**
 * The labels an export shows beside the ids it keeps: sides, nodes (decisions and events) and endings by id.
 * @example exportLabels(scenario).node(d.nodeId) // "Strike inside Pakistan?"
 */
export function exportLabels(scenario: Scenario) {
  const sides = new Map(scenario.sides.map((s) => [s.id, s.label]));
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n.title]));
  const endings = new Map(scenario.endings.map((e) => [e.id, e.title]));
  const of = (map: Map<string, string>) => (id: string | null | undefined) => (id ? (map.get(id) ?? id) : '');
  return { side: of(sides), node: of(nodes), ending: of(endings) };
}
