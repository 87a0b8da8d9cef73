import { holds } from './conditions';
import { END, EVERY_SIDE, SHARED } from './constants';
import { unitFromKey } from './rng';
import type { Choice, Ending, Metric, Next, PathNote, Scenario, ScenarioNode, Side, Source } from './schema';

/** One entry of a run's log: the player's choice at one decision. */
export type Decision = { choiceId: string; justification?: string };

/** A step the run went through: the player's decision, the counterpart's move, or a narrated event. */
export type PathStep = {
  kind: 'decision' | 'counterpart' | 'event';
  nodeId: string;
  choiceId?: string;
  justification?: string;
  /** Metric values after this step (clamped). */
  metrics: Record<string, number>;
  /** The change this step made to each metric it touched (after clamping). */
  delta: Record<string, number>;
};

/**
 * The whole state of a run. It is derived: `replay(scenario, side, seed, decisions)` rebuilds it,
 * so the server stores only the decisions.
 */
export type RunState = {
  readonly scenario: Scenario;
  readonly side: string;
  readonly seed: string;
  readonly decisions: readonly Decision[];
  readonly path: readonly PathStep[];
  readonly metrics: Readonly<Record<string, number>>;
  readonly flags: Readonly<Record<string, boolean>>;
  readonly chosen: ReadonlySet<string>;
  /** The decision awaiting the player, or null once the run has ended. */
  readonly nodeId: string | null;
  readonly endingId: string | null;
};

export type EngineErrorCode = 'unknown_side' | 'unknown_choice' | 'run_finished' | 'broken_scenario';
export type EngineError = { code: EngineErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineError };

const fail = (code: EngineErrorCode, message: string): { ok: false; error: EngineError } => ({
  ok: false,
  error: { code, message },
});

/** Lookup tables built once per scenario object. */
type ScenarioIndex = {
  nodes: Map<string, ScenarioNode>;
  endings: Map<string, Ending>;
  sides: Map<string, Side>;
  metrics: Map<string, Metric>;
  sources: Map<string, Source>;
  choices: Map<string, { node: ScenarioNode; choice: Choice }>;
  pathNotes: Map<string, PathNote>;
};

const indexes = new WeakMap<Scenario, ScenarioIndex>();

/** The scenario's lookup tables (cached; scenarios are treated as immutable). */
export function indexScenario(scenario: Scenario): ScenarioIndex {
  let index = indexes.get(scenario);
  if (!index) {
    const choices = new Map<string, { node: ScenarioNode; choice: Choice }>();
    for (const node of scenario.nodes)
      for (const choice of node.choices ?? []) choices.set(choice.id, { node, choice });
    index = {
      nodes: new Map(scenario.nodes.map((n) => [n.id, n])),
      endings: new Map(scenario.endings.map((e) => [e.id, e])),
      sides: new Map(scenario.sides.map((s) => [s.id, s])),
      metrics: new Map(scenario.metrics.map((m) => [m.id, m])),
      sources: new Map(scenario.sources.map((s) => [s.id, s])),
      choices,
      pathNotes: new Map((scenario.pathNotes ?? []).map((n) => [n.id, n])),
    };
    indexes.set(scenario, index);
  }
  return index;
}

// A scenario whose narrated events and counterpart moves loop without the player is broken;
// the validator reports it, and this bound keeps the engine from spinning if one slips through.
const MAX_AUTOMATIC_STEPS = 10_000;

type Mutable = {
  metrics: Record<string, number>;
  flags: Record<string, boolean>;
  chosen: Set<string>;
  path: PathStep[];
};

const clamp = (value: number, metric: Metric) => Math.min(metric.max, Math.max(metric.min, value));

function applyChoice(
  scenario: Scenario,
  run: Mutable,
  kind: PathStep['kind'],
  node: ScenarioNode,
  choice: Choice | undefined,
  justification?: string,
) {
  const { metrics: metricIndex } = indexScenario(scenario);
  const delta: Record<string, number> = {};
  for (const [metricId, change] of Object.entries(choice?.effects?.metrics ?? {})) {
    const metric = metricIndex.get(metricId);
    const before = run.metrics[metricId];
    if (!metric || before === undefined) continue;
    const after = clamp(before + change, metric);
    if (after !== before) delta[metricId] = after - before;
    run.metrics[metricId] = after;
  }
  Object.assign(run.flags, choice?.effects?.flags ?? {});
  if (choice) run.chosen.add(choice.id);
  run.path.push({
    kind,
    nodeId: node.id,
    ...(choice ? { choiceId: choice.id } : {}),
    ...(justification ? { justification } : {}),
    metrics: { ...run.metrics },
    delta,
  });
}

function resolveNext(next: Next | undefined, run: Mutable): string {
  if (next === undefined) return END;
  if (typeof next === 'string') return next;
  for (const branch of next.branches) if (holds(branch.when, run)) return branch.goto;
  return next.otherwise;
}

const historicalChoice = (node: ScenarioNode) => node.choices?.find((c) => c.historical) ?? node.choices?.[0];

/** The counterpart's choice at a node: its declared policy, deterministic for a seed and position. */
function counterpartChoice(node: ScenarioNode, run: Mutable, seed: string): Choice | undefined {
  const choices = node.choices ?? [];
  const historical = historicalChoice(node);
  if (node.counterpart?.policy !== 'weighted') return historical;
  const weighted = node.counterpart.weights.map((w) => {
    let weight = w.weight;
    for (const adjust of w.adjust ?? []) if (holds(adjust.when, run)) weight += adjust.add;
    return { choice: choices.find((c) => c.id === w.choice), weight: Math.max(0, weight) };
  });
  const total = weighted.reduce((sum, w) => sum + (w.choice ? w.weight : 0), 0);
  if (total <= 0) return historical;
  let roll = unitFromKey(`${seed}|${node.id}|${run.path.length}`) * total;
  for (const w of weighted) {
    if (!w.choice) continue;
    roll -= w.weight;
    if (roll < 0) return w.choice;
  }
  return historical;
}

function pickEnding(scenario: Scenario, run: Mutable): Ending | undefined {
  return scenario.endings.find((e) => !e.when || holds(e.when, run));
}

/** Moves through narrated events and counterpart moves until the player must decide or the run ends. */
function advance(
  scenario: Scenario,
  side: string | null,
  decide: (node: ScenarioNode, run: Mutable) => Choice | undefined,
  run: Mutable,
  target: string,
): Result<{ nodeId: string | null; endingId: string | null }> {
  const index = indexScenario(scenario);
  for (let steps = 0; steps < MAX_AUTOMATIC_STEPS; steps++) {
    if (target === END) {
      const ending = pickEnding(scenario, run);
      if (!ending) return fail('broken_scenario', 'The run reached END but no ending matches.');
      return { ok: true, value: { nodeId: null, endingId: ending.id } };
    }
    if (index.endings.has(target)) return { ok: true, value: { nodeId: null, endingId: target } };
    const node = index.nodes.get(target);
    if (!node) return fail('broken_scenario', `The scenario leads to "${target}", which does not exist.`);
    if (node.side === null) {
      applyChoice(scenario, run, 'event', node, undefined);
      target = resolveNext(node.next, run);
      continue;
    }
    if (node.side === side || side === EVERY_SIDE)
      return { ok: true, value: { nodeId: node.id, endingId: null } };
    const choice = decide(node, run);
    if (!choice) return fail('broken_scenario', `The decision "${node.id}" has no choices.`);
    applyChoice(scenario, run, 'counterpart', node, choice);
    target = resolveNext(choice.next, run);
  }
  return fail('broken_scenario', 'The scenario loops without asking the player anything.');
}

/** The path history took: every side makes its historical choice at every decision. */
export function historicalRun(scenario: Scenario): { path: readonly PathStep[]; endingId: string | null } {
  const run: Mutable = { metrics: initialMetrics(scenario), flags: {}, chosen: new Set(), path: [] };
  const position = advance(scenario, null, historicalChoice, run, scenario.start);
  return { path: run.path, endingId: position.ok ? position.value.endingId : null };
}

const historicalNodes = new WeakMap<Scenario, ReadonlySet<string>>();

/**
 * The nodes the all-historical run visits: the decisions that really arose. Only these count toward historical
 * alignment; elsewhere the historical mark names the choice closest to the real side's conduct.
 * @example isOnHistoricalPath = historicalNodeIds(scenario).has(nodeId)
 */
export function historicalNodeIds(scenario: Scenario): ReadonlySet<string> {
  let ids = historicalNodes.get(scenario);
  if (!ids) {
    ids = new Set(historicalRun(scenario).path.map((p) => p.nodeId));
    historicalNodes.set(scenario, ids);
  }
  return ids;
}

const initialMetrics = (scenario: Scenario) =>
  Object.fromEntries(scenario.metrics.map((m) => [m.id, m.start]));

const mutableCopy = (state: RunState): Mutable => ({
  metrics: { ...state.metrics },
  flags: { ...state.flags },
  chosen: new Set(state.chosen),
  path: [...state.path],
});

/**
 * Starts a run as `side` (or EVERY_SIDE, where people make every side's decisions); narrated events and
 * counterpart moves before the first decision are played. `from` starts at another node with the starting
 * metrics, for an author's preview.
 * @example const run = start(scenario, 'islamabad', 'seed-1'); if (run.ok) view(run.value)
 */
export function start(
  scenario: Scenario,
  side: string,
  seed: string,
  from = scenario.start,
): Result<RunState> {
  const sideDef = indexScenario(scenario).sides.get(side);
  if (side !== EVERY_SIDE && (!sideDef || !sideDef.playable)) {
    return fail('unknown_side', `"${side}" is not a playable side of this scenario.`);
  }
  const run: Mutable = {
    metrics: initialMetrics(scenario),
    flags: {},
    chosen: new Set(),
    path: [],
  };
  const position = advance(scenario, side, (node, r) => counterpartChoice(node, r, seed), run, from);
  if (!position.ok) return position;
  return { ok: true, value: { scenario, side, seed, decisions: [], ...run, ...position.value } };
}

/**
 * Makes the player's choice at the current decision and plays on to the next decision or the end.
 * Returns a typed error for a finished run or a choice that is not on offer now.
 */
export function choose(state: RunState, choiceId: string, justification?: string): Result<RunState> {
  if (state.nodeId === null) return fail('run_finished', 'This run has already ended.');
  const index = indexScenario(state.scenario);
  const node = index.nodes.get(state.nodeId);
  const choice = node?.choices?.find((c) => c.id === choiceId);
  if (!node || !choice)
    return fail('unknown_choice', `"${choiceId}" is not one of the choices on offer now.`);
  const run = mutableCopy(state);
  const trimmed = justification?.trim() || undefined;
  applyChoice(state.scenario, run, 'decision', node, choice, trimmed);
  const position = advance(
    state.scenario,
    state.side,
    (next, r) => counterpartChoice(next, r, state.seed),
    run,
    resolveNext(choice.next, run),
  );
  if (!position.ok) return position;
  const decision: Decision = trimmed ? { choiceId, justification: trimmed } : { choiceId };
  return {
    ok: true,
    value: { ...state, ...run, decisions: [...state.decisions, decision], ...position.value },
  };
}

/**
 * Rebuilds a run from its log. The same scenario, side, seed and decisions always give the same state.
 * @example replay(scenario, 'tehran', run.seed, rows.map((r) => ({ choiceId: r.choiceId })))
 */
export function replay(
  scenario: Scenario,
  side: string,
  seed: string,
  decisions: readonly (Decision | string)[],
): Result<RunState> {
  let state = start(scenario, side, seed);
  for (const [i, d] of decisions.entries()) {
    if (!state.ok) return state;
    const decision = typeof d === 'string' ? { choiceId: d } : d;
    state = choose(state.value, decision.choiceId, decision.justification);
    if (!state.ok) return fail(state.error.code, `Decision ${i + 1}: ${state.error.message}`);
  }
  return state;
}

/** The log without its last decision, replayed: metrics and score rewind exactly. */
export function stepBack(state: RunState): Result<RunState> {
  if (state.decisions.length === 0) return fail('unknown_choice', 'There is no decision to take back.');
  return replay(state.scenario, state.side, state.seed, state.decisions.slice(0, -1));
}

export type ScorePart = { metric: string; value: number; weight: number; points: number };
export type Score = {
  /** Every metric's current value, including the other side's (for authors and results; `view` filters). */
  metrics: Record<string, number>;
  /** The player's side's score, 0–100. */
  score: number;
  /** How each weighted metric contributed to the score; the points add up to it (before rounding). */
  parts: ScorePart[];
  /**
   * Share of the player's decisions at nodes on the historical path that matched history, 0–1; null while there
   * are none (decisions on invented branches do not count).
   */
  historicalAlignment: number | null;
  /** How many of the player's decisions were counted against history (the alignment's denominator). */
  historicalDecisions: number;
  ending: string | null;
};

/**
 * Scores a side on a set of metric values. For each weighted metric, its goodness is its position in its
 * range (from the top for a negative weight); the score is the |weight|-weighted mean of goodness × 100.
 */
export function scoreSide(scenario: Scenario, side: string, metrics: Readonly<Record<string, number>>) {
  const weights = Object.entries(scenario.scoring[side] ?? {});
  const index = indexScenario(scenario);
  const totalWeight = weights.reduce((sum, [, w]) => sum + Math.abs(w), 0);
  const parts: ScorePart[] = [];
  for (const [metricId, weight] of weights) {
    const metric = index.metrics.get(metricId);
    const value = metrics[metricId];
    if (!metric || value === undefined || totalWeight === 0) continue;
    const position = (value - metric.min) / (metric.max - metric.min);
    const goodness = weight >= 0 ? position : 1 - position;
    parts.push({
      metric: metricId,
      value,
      weight,
      points: (100 * Math.abs(weight) * goodness) / totalWeight,
    });
  }
  return { score: Math.round(parts.reduce((sum, p) => sum + p.points, 0)), parts };
}

/** The run's score for the player's side, its parts, its historical alignment and its ending. */
export function score(state: RunState): Score {
  const { score: value, parts } = scoreSide(state.scenario, state.side, state.metrics);
  const onPath = historicalNodeIds(state.scenario);
  const { choices, nodes } = indexScenario(state.scenario);
  // A decision whose real outcome the sources dispute cannot be scored against history.
  const decisions = state.path.filter(
    (p) => p.kind === 'decision' && onPath.has(p.nodeId) && !nodes.get(p.nodeId)?.contested,
  );
  const matched = decisions.filter((p) => p.choiceId && choices.get(p.choiceId)?.choice.historical).length;
  return {
    metrics: { ...state.metrics },
    score: value,
    parts,
    historicalAlignment: decisions.length === 0 ? null : matched / decisions.length,
    historicalDecisions: decisions.length,
    ending: state.endingId,
  };
}

/** Whether a metric is visible to a side: its own and the shared ones, never the other side's. */
export const metricVisibleTo = (metric: Metric, side: string) =>
  metric.owner === side || metric.owner === SHARED;
