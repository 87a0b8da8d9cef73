import type { Scenario } from '../schema';
import { walkSides, type SideWalk, type TextFinding } from '../walk';
import type { Problem } from './problems';

const RULE_TEXT: Record<TextFinding['rule'], string> = {
  'guard-violated': 'is shown on a path where what it presumes is false',
  'empty-text': 'is empty on a path where none of its fragments holds',
  'fragment-never-shown': 'is a fragment no path shows',
};

const stepText = (s: TextFinding['steps']) =>
  (s ?? [])
    .map((x) =>
      x.kind === 'event' ? x.nodeId : `${x.choiceId}${x.kind === 'counterpart' ? ' (counterpart)' : ''}`,
    )
    .join(' → ');

/**
 * The exact verifier: walks every reachable state of every playable side (see `walkSide`) and turns what it finds
 * into problems: a text shown where its guard is false (with the state and one shortest path), a text left
 * empty, a fragment never shown, an ending no path reaches. Returns the walks for the report. A walk that runs
 * out of a budget the caller set (the studio's) is a warning: the draft is not wrong, only too large to prove
 * there (`scenario:check` proves it); out of the default budget, or on looping states, it is a problem.
 */
export function verifyExactly(
  scenario: Scenario,
  problems: Problem[],
  maxStates?: number,
  warnings: Problem[] = problems,
): SideWalk[] {
  const walks = walkSides(
    scenario,
    scenario.sides.filter((s) => s.playable).map((s) => s.id),
    maxStates,
  );
  const seen = new Set<string>();
  for (const walk of walks) {
    if (walk.incomplete) {
      const budget = maxStates !== undefined && walk.incomplete.startsWith('more than');
      (budget ? warnings : problems).push({
        path: '',
        rule: 'walk-incomplete',
        message: `The exact walk as ${walk.side} stopped (${walk.incomplete}); guards are not proven.`,
      });
      continue;
    }
    for (const f of walk.findings) {
      const key = `${f.rule}|${f.path}`;
      if (seen.has(key)) continue;
      // A fragment is dead only if no side's runs show it.
      if (
        f.rule === 'fragment-never-shown' &&
        walks.some((w) => !w.findings.some((g) => g.rule === f.rule && g.path === f.path))
      )
        continue;
      seen.add(key);
      const state = f.state
        ? ` State at ${f.state.nodeId}: ${Object.entries(f.state.metrics)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}; flags ${f.state.flags.join(', ') || 'none'}.`
        : '';
      const path = f.steps ? ` Shortest path (playing ${walk.side}): ${stepText(f.steps)}.` : '';
      problems.push({
        path: f.path,
        rule: f.rule,
        message: `This text ${RULE_TEXT[f.rule]}.${state}${path}`,
        at: f.at,
      });
    }
  }
  if (walks.every((w) => !w.incomplete))
    scenario.endings.forEach((ending, i) => {
      if (walks.every((w) => (w.endings.find((e) => e.id === ending.id)?.random ?? 0) === 0))
        problems.push({
          path: `endings[${i}]`,
          rule: 'unreachable-ending',
          message: `No path of any playable side reaches the ending "${ending.title}".`,
          at: { endingId: ending.id },
        });
    });
  return walks;
}
