import { holds, type ConditionContext } from './conditions';
import { indexScenario, type PathStep } from './engine';
import type { Fragment, PathNote, Scenario } from './schema';

/**
 * A text with its conditional fragments resolved on a state: the base text, then each fragment whose condition
 * holds, as paragraphs. Guards (`presumes`) are not read here: the verifier proves them before a file ships.
 * @example resolveText(node.body, node.bodyIf, state) // "The body.\n\nThe fragment this path sees."
 */
export function resolveText(
  base: string,
  fragments: readonly Fragment[] | undefined,
  ctx: ConditionContext,
): string {
  return [base, ...(fragments ?? []).filter((f) => holds(f.when, ctx)).map((f) => f.text)]
    .filter((t) => t.trim() !== '')
    .join('\n\n');
}

/** A debrief's path notes with references to the scenario's shared notes resolved (unknown ids are dropped). */
export function debriefNotes(
  scenario: Scenario,
  notes: readonly (string | PathNote)[] | undefined,
): PathNote[] {
  const shared = indexScenario(scenario).pathNotes;
  return (notes ?? []).flatMap((n) => {
    if (typeof n !== 'string') return [n];
    const note = shared.get(n);
    return note ? [note] : [];
  });
}

/**
 * The state after each step of a path (metrics, flags and choices made so far), for resolving the fragments of
 * texts shown at that step. Flags and choices are not stored per step, so they are rebuilt from the choices.
 */
export function stepContexts(scenario: Scenario, path: readonly PathStep[]): ConditionContext[] {
  const { choices } = indexScenario(scenario);
  const flags: Record<string, boolean> = {};
  const chosen = new Set<string>();
  return path.map((step) => {
    if (step.choiceId) {
      chosen.add(step.choiceId);
      Object.assign(flags, choices.get(step.choiceId)?.choice.effects?.flags ?? {});
    }
    return { metrics: step.metrics, flags: { ...flags }, chosen: new Set(chosen) };
  });
}
