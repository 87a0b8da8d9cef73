import type { Condition, Scenario } from '../schema';

/**
 * An over-approximation of the states a run can be in at a node: an interval per metric, whether each flag
 * may be true or false, and which choices may or must have been made. It is sound in one direction: what it
 * calls unreachable or unsatisfiable really is, so the checks raise no false alarms about reachability.
 */
export type AbstractState = {
  lo: Float64Array;
  hi: Float64Array;
  flagMayTrue: Uint8Array;
  flagMayFalse: Uint8Array;
  chosenMay: Uint8Array;
  chosenMust: Uint8Array;
};

/** Whether a condition can be true, and whether it can be false, in some concrete state an abstract one stands for. */
export type Tri = { canTrue: boolean; canFalse: boolean };

/**
 * The abstract states of one scenario: the indexes of its metrics, flags and choices, the state a run starts in,
 * and the operations the exploration needs (copy, join with optional widening, evaluate a condition).
 */
export function abstractDomain(scenario: Scenario) {
  const metricIndex = new Map(scenario.metrics.map((m, i) => [m.id, i]));
  const flagNames = new Set<string>();
  const choiceIndex = new Map<string, number>();
  for (const node of scenario.nodes)
    for (const choice of node.choices ?? []) {
      choiceIndex.set(choice.id, choiceIndex.size);
      for (const flag of Object.keys(choice.effects?.flags ?? {})) flagNames.add(flag);
    }
  const flagIndex = new Map([...flagNames].map((f, i) => [f, i]));
  const M = scenario.metrics.length;

  const initial: AbstractState = {
    lo: Float64Array.from(scenario.metrics, (m) => m.start),
    hi: Float64Array.from(scenario.metrics, (m) => m.start),
    flagMayTrue: new Uint8Array(flagIndex.size),
    flagMayFalse: new Uint8Array(flagIndex.size).fill(1),
    chosenMay: new Uint8Array(choiceIndex.size),
    chosenMust: new Uint8Array(choiceIndex.size),
  };
  const copy = (s: AbstractState): AbstractState => ({
    lo: s.lo.slice(),
    hi: s.hi.slice(),
    flagMayTrue: s.flagMayTrue.slice(),
    flagMayFalse: s.flagMayFalse.slice(),
    chosenMay: s.chosenMay.slice(),
    chosenMust: s.chosenMust.slice(),
  });

  const evaluate = (c: Condition, s: AbstractState): Tri => {
    if ('all' in c) {
      const parts = c.all.map((x) => evaluate(x, s));
      return { canTrue: parts.every((p) => p.canTrue), canFalse: parts.some((p) => p.canFalse) };
    }
    if ('any' in c) {
      const parts = c.any.map((x) => evaluate(x, s));
      return { canTrue: parts.some((p) => p.canTrue), canFalse: parts.every((p) => p.canFalse) };
    }
    if ('not' in c) {
      const inner = evaluate(c.not, s);
      return { canTrue: inner.canFalse, canFalse: inner.canTrue };
    }
    if ('flag' in c) {
      const i = flagIndex.get(c.flag);
      const mayTrue = i !== undefined && s.flagMayTrue[i] === 1;
      const mayFalse = i === undefined || s.flagMayFalse[i] === 1;
      return c.is ? { canTrue: mayTrue, canFalse: mayFalse } : { canTrue: mayFalse, canFalse: mayTrue };
    }
    if ('chose' in c) {
      const i = choiceIndex.get(c.chose)!;
      return { canTrue: s.chosenMay[i] === 1, canFalse: s.chosenMust[i] === 0 };
    }
    const i = metricIndex.get(c.metric)!;
    const lo = s.lo[i]!;
    const hi = s.hi[i]!;
    const v = c.value;
    switch (c.op) {
      case '<':
        return { canTrue: lo < v, canFalse: hi >= v };
      case '<=':
        return { canTrue: lo <= v, canFalse: hi > v };
      case '>':
        return { canTrue: hi > v, canFalse: lo <= v };
      case '>=':
        return { canTrue: hi >= v, canFalse: lo < v };
      case '==':
        return { canTrue: lo <= v && v <= hi, canFalse: lo !== v || hi !== v };
      case '!=':
        return { canTrue: lo !== v || hi !== v, canFalse: lo <= v && v <= hi };
    }
  };

  const join = (into: AbstractState, from: AbstractState, widen: boolean): boolean => {
    let changed = false;
    for (let i = 0; i < M; i++) {
      const metric = scenario.metrics[i]!;
      if (from.lo[i]! < into.lo[i]!) {
        into.lo[i] = widen ? metric.min : from.lo[i]!;
        changed = true;
      }
      if (from.hi[i]! > into.hi[i]!) {
        into.hi[i] = widen ? metric.max : from.hi[i]!;
        changed = true;
      }
    }
    for (let i = 0; i < into.flagMayTrue.length; i++) {
      if (from.flagMayTrue[i]! > into.flagMayTrue[i]!) ((into.flagMayTrue[i] = 1), (changed = true));
      if (from.flagMayFalse[i]! > into.flagMayFalse[i]!) ((into.flagMayFalse[i] = 1), (changed = true));
    }
    for (let i = 0; i < into.chosenMay.length; i++) {
      if (from.chosenMay[i]! > into.chosenMay[i]!) ((into.chosenMay[i] = 1), (changed = true));
      if (from.chosenMust[i]! < into.chosenMust[i]!) ((into.chosenMust[i] = 0), (changed = true));
    }
    return changed;
  };

  return { metricIndex, flagIndex, choiceIndex, initial, copy, evaluate, join };
}
