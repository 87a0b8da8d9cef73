import type { Choice, Scenario } from '../engine';

/**
 * Every choice of a scenario by its id (ids are unique across the scenario), for labelling logs and exports.
 * @example choicesById(scenario).get(vote.choiceId)?.label ?? vote.choiceId
 */
export const choicesById = (scenario: Scenario): Map<string, Choice> =>
  new Map(
    scenario.nodes.flatMap((node) => (node.choices ?? []).map((choice) => [choice.id, choice] as const)),
  );
