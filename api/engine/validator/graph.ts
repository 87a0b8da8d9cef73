import { END } from '../constants';
import type { Scenario } from '../schema';
import { explore, type Findings } from './explore';
import type { Problem } from './problems';
import { findTraps } from './traps';

/** The checks that need the whole graph: what no run reaches, conditions no run satisfies, loops with no way out. */
export function analyseGraph(scenario: Scenario, problems: Problem[]) {
  const findings: Findings = {
    reached: new Set(),
    endingsReached: new Set(),
    conditions: new Map(),
    outOfRange: new Map(),
    endWithoutEnding: false,
  };
  // The player decides every node of their side; the counterpart only what its policy can pick.
  for (const side of scenario.sides.filter((s) => s.playable)) explore(scenario, side.id, findings);

  if (findings.endWithoutEnding)
    problems.push({
      path: 'endings',
      rule: 'no-matching-ending',
      message: `A run can reach ${END} where no ending's condition holds; add an ending without \`when\` as the last one.`,
    });
  scenario.nodes.forEach((node, i) => {
    if (!findings.reached.has(node.id))
      problems.push({
        path: `nodes[${i}]`,
        rule: 'unreachable-node',
        message: `No run reaches "${node.title}".`,
        at: { nodeId: node.id },
      });
  });
  scenario.endings.forEach((ending, i) => {
    if (!findings.endingsReached.has(ending.id))
      problems.push({
        path: `endings[${i}]`,
        rule: 'unreachable-ending',
        message: `No run reaches the ending "${ending.title}".`,
        at: { endingId: ending.id },
      });
  });
  for (const [path, entry] of findings.conditions) {
    if (!entry.sat)
      problems.push({
        path,
        rule: 'unsatisfiable-condition',
        message: 'No state a run can reach satisfies this condition.',
        ...(entry.at ? { at: entry.at } : {}),
      });
  }
  problems.push(...findings.outOfRange.values());
  findTraps(scenario, new Map(scenario.nodes.map((n, i) => [n.id, i])), findings.reached, problems);
}
