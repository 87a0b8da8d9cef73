import { END, SHARED } from './constants';
import { locateJsonError } from './json-position';
import {
  LIMITS,
  scenarioSchema,
  type Condition,
  type Next,
  type Scenario,
  type ScenarioNode,
} from './schema';

/** One thing wrong with a scenario, with where it is (a path into the file) and a plain message. */
export type Problem = {
  path: string;
  message: string;
  rule: ProblemRule;
  /** The node, choice or ending the problem sits on, so an editor can link to it. */
  at?: { nodeId?: string; choiceId?: string; endingId?: string; checkId?: string };
};

export type ProblemRule =
  | 'json'
  | 'schema'
  | 'size'
  | 'duplicate-id'
  | 'missing-reference'
  | 'structure'
  | 'unreachable-node'
  | 'dead-end'
  | 'endless-loop'
  | 'unreachable-ending'
  | 'unsatisfiable-condition'
  | 'no-matching-ending'
  | 'metric-out-of-range'
  | 'no-historical-choice'
  | 'uncited'
  | 'no-correct-option';

export type ValidationResult =
  | { ok: true; scenario: Scenario; problems: [] }
  | { ok: false; scenario: Scenario | null; problems: Problem[] };

/**
 * Parses scenario JSON text; a syntax error becomes a problem with its line and column.
 * @example parseScenarioText('{"a": }') // { ok: false, problem: { message: 'Invalid JSON at line 1, column 7: expected a value.' } }
 */
export function parseScenarioText(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { line, column, reason } = locateJsonError(text);
    return {
      ok: false,
      problem: {
        path: '',
        rule: 'json',
        message: `Invalid JSON at line ${line}, column ${column}: ${reason}.`,
      },
    };
  }
}

const issuePath = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );

/**
 * Checks a scenario and returns every problem found, not just the first: schema errors, broken references,
 * unreachable or dead-end nodes, loops with no way out, endings and conditions no run can reach, metrics
 * pushed out of range, decisions with no historical choice and nodes that cite nothing. A caller that already
 * measured the input as compact JSON passes `bytes`, so a large scenario is not stringified again.
 */
export function validateScenario(input: unknown, measured: { bytes?: number } = {}): ValidationResult {
  const problems: Problem[] = [];
  if (input !== null && typeof input === 'object') {
    const bytes = measured.bytes ?? new TextEncoder().encode(JSON.stringify(input)).length;
    if (bytes > LIMITS.scenarioBytes) {
      problems.push({
        path: '',
        rule: 'size',
        message: `The scenario is ${(bytes / 1e6).toFixed(1)} MB; the limit is ${LIMITS.scenarioBytes / 1e6} MB.`,
      });
      return { ok: false, scenario: null, problems };
    }
  }
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ path: issuePath(issue.path), rule: 'schema', message: issue.message });
    }
    return { ok: false, scenario: null, problems };
  }
  const scenario = parsed.data;
  checkReferences(scenario, problems);
  // Graph checks assume the references hold; with broken ones they would only add noise.
  if (problems.length === 0) analyseGraph(scenario, problems);
  return problems.length === 0 ? { ok: true, scenario, problems: [] } : { ok: false, scenario, problems };
}

function checkReferences(scenario: Scenario, problems: Problem[]) {
  const add = (path: string, rule: ProblemRule, message: string, at?: Problem['at']) =>
    problems.push(at ? { path, rule, message, at } : { path, rule, message });

  const seen = (list: { id: string }[], path: string, kind: string, registry = new Map<string, string>()) => {
    list.forEach((item, i) => {
      const earlier = registry.get(item.id);
      if (earlier)
        add(`${path}[${i}].id`, 'duplicate-id', `The ${kind} id "${item.id}" is already used at ${earlier}.`);
      else registry.set(item.id, `${path}[${i}]`);
    });
    return registry;
  };
  const sideIds = seen(scenario.sides, 'sides', 'side');
  const metricIds = seen(scenario.metrics, 'metrics', 'metric');
  const sourceIds = seen(scenario.sources, 'sources', 'source');
  // Nodes and endings share one namespace: both are targets of `next`.
  const targets = seen(scenario.nodes, 'nodes', 'node');
  seen(scenario.endings, 'endings', 'ending or node', targets);
  const nodeIds = new Set(scenario.nodes.map((n) => n.id));
  const choiceIds = new Map<string, string>();
  const flagsSet = new Set<string>();
  scenario.nodes.forEach((node, n) =>
    node.choices?.forEach((choice, c) => {
      const path = `nodes[${n}].choices[${c}]`;
      const earlier = choiceIds.get(choice.id);
      if (earlier)
        add(
          `${path}.id`,
          'duplicate-id',
          `The choice id "${choice.id}" is already used at ${earlier}; choice ids are unique across the scenario.`,
          { nodeId: node.id, choiceId: choice.id },
        );
      else choiceIds.set(choice.id, path);
      for (const flag of Object.keys(choice.effects?.flags ?? {})) flagsSet.add(flag);
    }),
  );

  const playable = scenario.sides.filter((s) => s.playable);
  if (playable.length === 0) add('sides', 'structure', 'At least one side must be playable.');
  for (const side of playable) {
    if (!scenario.scoring[side.id])
      add('scoring', 'missing-reference', `The playable side "${side.id}" has no scoring weights.`);
  }
  for (const [sideId, weights] of Object.entries(scenario.scoring)) {
    if (!sideIds.has(sideId))
      add(
        `scoring.${sideId}`,
        'missing-reference',
        `Scoring names the side "${sideId}", which does not exist.`,
      );
    for (const metricId of Object.keys(weights)) {
      if (!metricIds.has(metricId))
        add(
          `scoring.${sideId}.${metricId}`,
          'missing-reference',
          `Scoring weighs the metric "${metricId}", which does not exist.`,
        );
    }
  }
  scenario.metrics.forEach((metric, i) => {
    if (metric.owner !== SHARED && !sideIds.has(metric.owner))
      add(
        `metrics[${i}].owner`,
        'missing-reference',
        `The owner "${metric.owner}" is neither a side nor "${SHARED}".`,
      );
  });
  if (!nodeIds.has(scenario.start))
    add('start', 'missing-reference', `The start node "${scenario.start}" does not exist.`);

  const checkTarget = (target: string, path: string, at: Problem['at']) => {
    if (target !== END && !targets.has(target))
      add(path, 'missing-reference', `"${target}" is neither a node, an ending nor ${END}.`, at);
  };
  const checkCondition = (condition: Condition, path: string, at: Problem['at']) => {
    if ('all' in condition) condition.all.forEach((c, i) => checkCondition(c, `${path}.all[${i}]`, at));
    else if ('any' in condition) condition.any.forEach((c, i) => checkCondition(c, `${path}.any[${i}]`, at));
    else if ('not' in condition) checkCondition(condition.not, `${path}.not`, at);
    else if ('metric' in condition) {
      if (!metricIds.has(condition.metric))
        add(`${path}.metric`, 'missing-reference', `The metric "${condition.metric}" does not exist.`, at);
    } else if ('chose' in condition) {
      if (!choiceIds.has(condition.chose))
        add(`${path}.chose`, 'missing-reference', `The choice "${condition.chose}" does not exist.`, at);
    } else if (!flagsSet.has(condition.flag) && condition.is)
      add(`${path}.flag`, 'missing-reference', `No choice ever sets the flag "${condition.flag}".`, at);
  };
  const checkNext = (next: Next, path: string, at: Problem['at']) => {
    if (typeof next === 'string') return checkTarget(next, path, at);
    next.branches.forEach((b, i) => {
      checkCondition(b.when, `${path}.branches[${i}].when`, at);
      checkTarget(b.goto, `${path}.branches[${i}].goto`, at);
    });
    checkTarget(next.otherwise, `${path}.otherwise`, at);
  };
  const checkSources = (refs: { source: string }[] | undefined, path: string, at: Problem['at']) =>
    refs?.forEach((ref, i) => {
      if (!sourceIds.has(ref.source))
        add(`${path}[${i}].source`, 'missing-reference', `The source "${ref.source}" does not exist.`, at);
    });

  scenario.nodes.forEach((node, n) => {
    const path = `nodes[${n}]`;
    const at = { nodeId: node.id };
    if (node.side !== null && !sideIds.has(node.side))
      add(`${path}.side`, 'missing-reference', `The side "${node.side}" does not exist.`, at);
    for (const sideId of Object.keys(node.private ?? {})) {
      if (!sideIds.has(sideId))
        add(`${path}.private.${sideId}`, 'missing-reference', `The side "${sideId}" does not exist.`, at);
    }
    checkSources(node.sources, `${path}.sources`, at);
    if (node.sources.length === 0) add(`${path}.sources`, 'uncited', `"${node.title}" cites no source.`, at);
    const choices = node.choices ?? [];
    if (node.side === null) {
      if (choices.length > 0)
        add(`${path}.choices`, 'structure', 'A narrated event (side null) has no choices; use `next`.', at);
      if (node.next === undefined)
        add(path, 'dead-end', `The narrated event "${node.title}" has no \`next\`: runs stop here.`, at);
      else checkNext(node.next, `${path}.next`, at);
      return;
    }
    if (node.next !== undefined)
      add(`${path}.next`, 'structure', 'A decision moves on through its choices; remove `next`.', at);
    if (choices.length === 0)
      add(path, 'dead-end', `The decision "${node.title}" has no choices: runs stop here.`, at);
    const historical = choices.filter((c) => c.historical);
    if (choices.length > 0 && historical.length === 0)
      add(
        `${path}.choices`,
        'no-historical-choice',
        `No choice of "${node.title}" is marked historical.`,
        at,
      );
    if (historical.length > 1)
      add(
        `${path}.choices`,
        'no-historical-choice',
        `${historical.length} choices of "${node.title}" are marked historical; mark one.`,
        at,
      );
    const own = new Set(choices.map((c) => c.id));
    if (node.timeLimit && !own.has(node.timeLimit.defaultChoice))
      add(
        `${path}.timeLimit.defaultChoice`,
        'missing-reference',
        `"${node.timeLimit.defaultChoice}" is not a choice of this node.`,
        at,
      );
    if (node.counterpart?.policy === 'weighted') {
      node.counterpart.weights.forEach((w, i) => {
        if (!own.has(w.choice))
          add(
            `${path}.counterpart.weights[${i}].choice`,
            'missing-reference',
            `"${w.choice}" is not a choice of this node.`,
            at,
          );
        w.adjust?.forEach((a, j) =>
          checkCondition(a.when, `${path}.counterpart.weights[${i}].adjust[${j}].when`, at),
        );
      });
    }
    choices.forEach((choice, c) => {
      const cpath = `${path}.choices[${c}]`;
      const cat = { nodeId: node.id, choiceId: choice.id };
      for (const metricId of Object.keys(choice.effects?.metrics ?? {})) {
        if (!metricIds.has(metricId))
          add(
            `${cpath}.effects.metrics.${metricId}`,
            'missing-reference',
            `The metric "${metricId}" does not exist.`,
            cat,
          );
      }
      checkSources(choice.sources, `${cpath}.sources`, cat);
      checkNext(choice.next, `${cpath}.next`, cat);
    });
  });

  scenario.endings.forEach((ending, i) => {
    const path = `endings[${i}]`;
    const at = { endingId: ending.id };
    if (ending.when) checkCondition(ending.when, `${path}.when`, at);
    checkSources(ending.sources, `${path}.sources`, at);
    if (ending.sources.length === 0)
      add(`${path}.sources`, 'uncited', `The ending "${ending.title}" cites no source.`, at);
    for (const [sideId, debrief] of Object.entries(ending.debrief)) {
      debrief.pathNotes?.forEach((note, j) => {
        const npath = `${path}.debrief.${sideId}.pathNotes[${j}]`;
        checkCondition(note.when, `${npath}.when`, at);
        checkSources(note.sources, `${npath}.sources`, at);
      });
    }
    for (const side of playable) {
      if (!ending.debrief[side.id])
        add(
          `${path}.debrief`,
          'missing-reference',
          `The ending "${ending.title}" has no debrief for ${side.label}.`,
          at,
        );
    }
  });

  if (scenario.checks && scenario.formatVersion < 2) {
    add('formatVersion', 'structure', 'Knowledge checks need "formatVersion": 2.');
  }
  const checkIds = new Map<string, string>();
  scenario.checks?.forEach((check, i) => {
    const path = `checks[${i}]`;
    const at = { checkId: check.id };
    const earlier = checkIds.get(check.id);
    if (earlier)
      add(`${path}.id`, 'duplicate-id', `The question id "${check.id}" is already used at ${earlier}.`, at);
    else checkIds.set(check.id, path);
    const optionIds = new Map<string, number>();
    check.options.forEach((option, j) => {
      const before = optionIds.get(option.id);
      if (before !== undefined)
        add(
          `${path}.options[${j}].id`,
          'duplicate-id',
          `The option id "${option.id}" is already used at options[${before}].`,
          at,
        );
      else optionIds.set(option.id, j);
    });
    if (!check.options.some((o) => o.correct))
      add(`${path}.options`, 'no-correct-option', 'Mark at least one option correct.', at);
    const slots = new Set<string>();
    check.placements.forEach((placement, j) => {
      if (slots.has(placement.at))
        add(
          `${path}.placements[${j}]`,
          'duplicate-id',
          `The question is already placed "${placement.at}"; each place once.`,
          at,
        );
      slots.add(placement.at);
      if (placement.at === 'node' && !nodeIds.has(placement.node))
        add(
          `${path}.placements[${j}].node`,
          'missing-reference',
          `The node "${placement.node}" does not exist.`,
          at,
        );
    });
    checkSources(check.sources, `${path}.sources`, at);
    if (check.sources.length === 0)
      add(`${path}.sources`, 'uncited', 'The question cites no source for its answer.', at);
  });
}

/**
 * An over-approximation of the states a run can be in at a node: an interval per metric, whether each flag
 * may be true or false, and which choices may or must have been made. It is sound in one direction: what it
 * calls unreachable or unsatisfiable really is, so the checks raise no false alarms about reachability.
 */
type AbstractState = {
  lo: Float64Array;
  hi: Float64Array;
  flagMayTrue: Uint8Array;
  flagMayFalse: Uint8Array;
  chosenMay: Uint8Array;
  chosenMust: Uint8Array;
};

type Tri = { canTrue: boolean; canFalse: boolean };

/** What the exploration of each playable side found; merged, since a run is played from one side. */
type Findings = {
  reached: Set<string>;
  endingsReached: Set<string>;
  conditions: Map<string, { at: Problem['at']; sat: boolean }>;
  outOfRange: Map<string, Problem>;
  endWithoutEnding: boolean;
};

function analyseGraph(scenario: Scenario, problems: Problem[]) {
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

function explore(scenario: Scenario, playerSide: string, findings: Findings) {
  const metricIndex = new Map(scenario.metrics.map((m, i) => [m.id, i]));
  const flagNames = new Set<string>();
  const choiceIndex = new Map<string, number>();
  for (const node of scenario.nodes)
    for (const choice of node.choices ?? []) {
      choiceIndex.set(choice.id, choiceIndex.size);
      for (const flag of Object.keys(choice.effects?.flags ?? {})) flagNames.add(flag);
    }
  const flagIndex = new Map([...flagNames].map((f, i) => [f, i]));
  const nodeIndex = new Map(scenario.nodes.map((n, i) => [n.id, i]));
  const nodePath = (node: ScenarioNode) => `nodes[${nodeIndex.get(node.id)}]`;
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
    const id = worklist.pop()!;
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
    ending.debrief[playerSide]?.pathNotes?.forEach((note, j) => {
      if (state)
        noteCondition(
          note.when,
          `endings[${i}].debrief.${playerSide}.pathNotes[${j}].when`,
          { endingId: ending.id },
          state,
        );
    });
  });
  for (const id of inState.keys()) findings.reached.add(id);
}

/** Every node's successors, ignoring conditions: nodes and endings (or END) a choice or event can lead to. */
function successors(node: ScenarioNode): string[] {
  const nexts: Next[] =
    node.side === null ? (node.next ? [node.next] : []) : (node.choices ?? []).map((c) => c.next);
  return nexts.flatMap((n) =>
    typeof n === 'string' ? [n] : [...n.branches.map((b) => b.goto), n.otherwise],
  );
}

/** Each node's position in a reverse postorder of a depth-first walk from the start (unreached nodes last). */
function reversePostorder(scenario: Scenario): Map<string, number> {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const visited = new Set<string>();
  const postorder: string[] = [];
  const stack: { id: string; next: string[] }[] = [];
  const enter = (id: string) => {
    const node = nodes.get(id);
    if (!node || visited.has(id)) return;
    visited.add(id);
    stack.push({ id, next: successors(node) });
  };
  enter(scenario.start);
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    const child = top.next.shift();
    if (child === undefined) postorder.push(stack.pop()!.id);
    else enter(child);
  }
  const order = new Map<string, number>();
  postorder.reverse().forEach((id, i) => order.set(id, i));
  for (const node of scenario.nodes) if (!order.has(node.id)) order.set(node.id, order.size);
  return order;
}

/** Reachable nodes from which no ending can be reached even ignoring conditions: loops with no way out. */
function findTraps(
  scenario: Scenario,
  nodeIndex: Map<string, number>,
  reachable: ReadonlySet<string>,
  problems: Problem[],
) {
  const predecessors = new Map<string, string[]>();
  const canFinish = new Set<string>();
  const queue: string[] = [];
  for (const node of scenario.nodes) {
    for (const target of successors(node)) {
      if (!nodeIndex.has(target)) {
        if (!canFinish.has(node.id)) (canFinish.add(node.id), queue.push(node.id));
      } else predecessors.set(target, [...(predecessors.get(target) ?? []), node.id]);
    }
  }
  while (queue.length > 0) {
    for (const p of predecessors.get(queue.pop()!) ?? [])
      if (!canFinish.has(p)) (canFinish.add(p), queue.push(p));
  }
  scenario.nodes.forEach((node, i) => {
    const hasWayOn = successors(node).length > 0;
    if (reachable.has(node.id) && hasWayOn && !canFinish.has(node.id))
      problems.push({
        path: `nodes[${i}]`,
        rule: 'endless-loop',
        message: `From "${node.title}" no path leads to an ending: runs loop forever.`,
        at: { nodeId: node.id },
      });
  });
}
