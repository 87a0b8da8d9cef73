import { END } from '../constants';
import type { Condition, Next, Scenario, ScenarioNode } from '../schema';
import { abstractDomain, type AbstractState } from './abstract-state';
import type { Problem } from './problems';
import { reversePostorder } from './traps';
import { debriefNotes } from '../text';

/** What the exploration of each playable side found; merged, since a run is played from one side. */
export type Findings = {
  reached: Set<string>;
  endingsReached: Set<string>;
  conditions: Map<string, { at: Problem['at']; sat: boolean }>;
  outOfRange: Map<string, Problem>;
  endWithoutEnding: boolean;
};

/** Plays every run from `playerSide` at once on abstract states, recording what it reaches into `findings`. */
export function explore(scenario: Scenario, playerSide: string, findings: Findings) {
  const { metricIndex, flagIndex, choiceIndex, initial, copy, evaluate, join } = abstractDomain(scenario);
  const nodeIndex = new Map(scenario.nodes.map((n, i) => [n.id, i]));
  const nodePath = (node: ScenarioNode) => `nodes[${nodeIndex.get(node.id)}]`;

  // Per node: the joined in-state, and how often it grew (to widen loops that creep upwards).
  const inState = new Map<string, AbstractState>();
  const updates = new Map<string, number>();
  let endState: AbstractState | null = null;
  // The joined state of the runs that end at each ending, for checking its debrief's path notes.
  const endingStates = new Map<string, AbstractState>();
  const reachEnding = (id: string, state: AbstractState) => {
    endingsReached.add(id);
    const existing = endingStates.get(id);
    if (existing) join(existing, state, false);
    else endingStates.set(id, copy(state));
  };
  const { endingsReached, outOfRange } = findings;
  // Nodes are processed in reverse postorder, so in an acyclic stretch each node is visited once, after all of
  // its predecessors; only loops revisit nodes, and those are widened to the metric's range after a few rounds.
  const order = reversePostorder(scenario);
  const pending = new Set<string>();
  const worklist = {
    push: (id: string) => pending.add(id),
    pop: () => {
      let best: string | undefined;
      for (const id of pending) if (best === undefined || order.get(id)! < order.get(best)!) best = id;
      pending.delete(best!);
      return best!;
    },
    get length() {
      return pending.size;
    },
  };

  const flowInto = (target: string, state: AbstractState) => {
    if (target === END) {
      if (!endState) endState = copy(state);
      else join(endState, state, false);
      return;
    }
    if (!nodeIndex.has(target)) {
      reachEnding(target, state);
      return;
    }
    const existing = inState.get(target);
    if (!existing) {
      inState.set(target, copy(state));
      worklist.push(target);
      return;
    }
    const count = (updates.get(target) ?? 0) + 1;
    updates.set(target, count);
    if (join(existing, state, count > 8)) worklist.push(target);
  };

  const noteCondition = (c: Condition, path: string, at: Problem['at'], state: AbstractState) => {
    const tri = evaluate(c, state);
    const entry = findings.conditions.get(path) ?? { at, sat: false };
    entry.sat ||= tri.canTrue;
    findings.conditions.set(path, entry);
    return tri;
  };

  const followNext = (next: Next, state: AbstractState, path: string, at: Problem['at']) => {
    if (typeof next === 'string') return flowInto(next, state);
    let otherwisePossible = true;
    next.branches.forEach((branch, i) => {
      const tri = noteCondition(branch.when, `${path}.branches[${i}].when`, at, state);
      if (tri.canTrue) flowInto(branch.goto, state);
      if (!tri.canFalse) otherwisePossible = false;
    });
    if (otherwisePossible) flowInto(next.otherwise, state);
  };

  const possibleChoices = (node: ScenarioNode, state: AbstractState) => {
    const choices = node.choices ?? [];
    if (node.side === playerSide) return choices;
    const policy = node.counterpart;
    if (!policy || policy.policy === 'historical')
      return (choices.find((c) => c.historical) ?? choices[0])
        ? [choices.find((c) => c.historical) ?? choices[0]!]
        : [];
    return choices.filter((choice) => {
      const w = policy.weights.find((x) => x.choice === choice.id);
      if (!w) return false;
      const n = nodeIndex.get(node.id)!;
      let best = w.weight;
      w.adjust?.forEach((a, j) => {
        const path = `nodes[${n}].counterpart.weights[${policy.weights.indexOf(w)}].adjust[${j}].when`;
        if (noteCondition(a.when, path, { nodeId: node.id }, state).canTrue && a.add > 0) best += a.add;
      });
      return best > 0;
    });
  };

  flowInto(scenario.start, initial);
  let guard = 0;
  while (worklist.length > 0 && guard++ < 200_000) {
    const id = worklist.pop();
    const node = scenario.nodes[nodeIndex.get(id)!]!;
    const state = inState.get(id)!;
    const path = nodePath(node);
    if (node.side === null) {
      if (node.next !== undefined) followNext(node.next, state, `${path}.next`, { nodeId: node.id });
      continue;
    }
    for (const choice of possibleChoices(node, state)) {
      const out = copy(state);
      const cpath = `${path}.choices[${node.choices!.indexOf(choice)}]`;
      for (const [metricId, delta] of Object.entries(choice.effects?.metrics ?? {})) {
        const i = metricIndex.get(metricId)!;
        const metric = scenario.metrics[i]!;
        const lo = out.lo[i]! + delta;
        const hi = out.hi[i]! + delta;
        const key = `${choice.id}|${metricId}`;
        if ((hi > metric.max || lo < metric.min) && !outOfRange.has(key)) {
          const beyond =
            hi > metric.max
              ? `above its maximum ${metric.max} (to ${hi})`
              : `below its minimum ${metric.min} (to ${lo})`;
          outOfRange.set(key, {
            path: `${cpath}.effects.metrics.${metricId}`,
            rule: 'metric-out-of-range',
            message: `On some path "${choice.label}" pushes ${metric.label} ${beyond}; the value would be clamped.`,
            at: { nodeId: node.id, choiceId: choice.id },
          });
        }
        out.lo[i] = Math.min(metric.max, Math.max(metric.min, lo));
        out.hi[i] = Math.min(metric.max, Math.max(metric.min, hi));
      }
      for (const [flag, value] of Object.entries(choice.effects?.flags ?? {})) {
        const i = flagIndex.get(flag)!;
        out.flagMayTrue[i] = value ? 1 : 0;
        out.flagMayFalse[i] = value ? 0 : 1;
      }
      const k = choiceIndex.get(choice.id)!;
      out.chosenMay[k] = 1;
      out.chosenMust[k] = 1;
      followNext(choice.next, out, `${cpath}.next`, { nodeId: node.id, choiceId: choice.id });
    }
  }

  // Endings picked at END: in order, the first whose condition holds.
  const finalState: AbstractState | null = endState;
  if (finalState) {
    let allEarlierMustHold = false;
    let someStateMatchesNone = true;
    scenario.endings.forEach((ending, i) => {
      if (allEarlierMustHold) return;
      if (!ending.when) {
        reachEnding(ending.id, finalState);
        someStateMatchesNone = false;
        allEarlierMustHold = true;
        return;
      }
      const tri = noteCondition(ending.when, `endings[${i}].when`, { endingId: ending.id }, finalState);
      if (tri.canTrue) reachEnding(ending.id, finalState);
      if (!tri.canFalse) {
        someStateMatchesNone = false;
        allEarlierMustHold = true;
      }
    });
    if (someStateMatchesNone) findings.endWithoutEnding = true;
  }
  scenario.endings.forEach((ending, i) => {
    const state = endingStates.get(ending.id);
    // A side's notes are read only by a player on that side, so only that side's runs can satisfy them.
    debriefNotes(scenario, ending.debrief[playerSide]?.pathNotes).forEach((note, j) => {
      if (state)
        noteCondition(
          note.when,
          note.id
            ? `pathNotes["${note.id}"].when (at endings[${i}].debrief.${playerSide}.pathNotes[${j}])`
            : `endings[${i}].debrief.${playerSide}.pathNotes[${j}].when`,
          { endingId: ending.id },
          state,
        );
    });
  });
  for (const id of inState.keys()) findings.reached.add(id);
}
