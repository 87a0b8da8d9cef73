import { holds, type ConditionContext } from './conditions';
import { END } from './constants';
import { historicalRun, indexScenario, scoreSide } from './engine';
import type { Choice, Condition, Fragment, Next, Scenario, ScenarioNode } from './schema';

/**
 * The exact walk: every state a run can be in, for one playable side, with the counterpart's branches. States
 * that are equal on everything the scenario can read (the node, every metric, the flags and choices that some
 * condition names) are merged, so the walk is exact but not exponential. Pure: shared by `scenario:check`, the
 * studio's checks (in a web worker) and `scenario:report`; too heavy for a request in the Worker.
 */

/** How the player picks: uniformly among the choices on offer, or always the historical one. */
export type WalkPlayer = 'random' | 'history';

/** One step of a path, as the verifier names it: a decision, a counterpart's move or an event. */
export type WalkStep = { kind: 'decision' | 'counterpart' | 'event'; nodeId: string; choiceId?: string };

/** A text shown on a state where what it presumes is false, or fragments that leave it empty. */
export type TextFinding = {
  rule: 'guard-violated' | 'empty-text' | 'fragment-never-shown';
  /** Where the text is in the file, e.g. `endings[3].text` or `nodes[4].body`. */
  path: string;
  at: { nodeId?: string; choiceId?: string; endingId?: string };
  /** One state that shows it (the first the walk met, so its path is a shortest one). */
  state?: { nodeId: string; metrics: Record<string, number>; flags: string[]; chosen: string[] };
  steps?: WalkStep[];
};

type State = {
  key: string;
  /** What the key holds of the metrics at this state (shared by every state with the same flags and choices). */
  plan: { metrics: { i: number; thresholds: number[]; up: number; down: number }[]; pos: Int16Array };
  target: string;
  metrics: Float64Array;
  /** Shared with the parent state while no choice changes a flag. */
  flags: Record<string, boolean>;
  /** The choices made so far, one bit per choice of the scenario (`ChoiceBits`). */
  chosen: Uint32Array;
  depth: number;
  parent: State | null;
  via: WalkStep | null;
  edges: { to: State; p: number; choice?: Choice; delta: Float64Array }[];
  /** Set on a terminal state: the ending the run gets. */
  endingId?: string;
  prob: number;
  /** Expected change of every metric from here to the end (random player, counterpart policy). */
  future: Float64Array | null;
  /** The mean of every metric over the runs merged into this state (the read ones are equal in all of them). */
  mean: Float64Array | null;
};

export type ChoiceStats = {
  nodeId: string;
  choiceId: string;
  label: string;
  historical: boolean;
  /** Probability that a run reaches this decision and makes this choice. */
  share: number;
  /** The mean final value of every metric, and of the side's score, over the runs that make this choice. */
  meanFinal: Record<string, number>;
  meanScore: number;
};

export type SideWalk = {
  side: string;
  states: number;
  /** Exact share of runs per ending, for a random player and for a history-copying one. */
  endings: { id: string; random: number; history: number }[];
  /** Score distribution of a random player: the exact share of runs scoring above the historical path. */
  historicalScore: number;
  shareAboveHistory: number;
  shareBelowHistory: number;
  meanScore: number;
  bestScore: number;
  decisions: { nodeId: string; title: string; choices: ChoiceStats[] }[];
  findings: TextFinding[];
  /** Set when the walk gave up (a loop in the state graph or too many states). */
  incomplete?: string;
};

const MAX_STATES = 2_000_000;

type Reads = {
  metrics: Set<string>;
  flags: Set<string>;
  chosen: Set<string>;
  /** Per metric, every value a condition compares it with. */
  thresholds: Map<string, Set<number>>;
};

/** What a condition (or any value holding conditions) reads, added to `into`. Path notes are skipped. */
function collectReads(value: unknown, into: Reads): Reads {
  if (Array.isArray(value)) value.forEach((v) => collectReads(v, into));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.chose === 'string') into.chosen.add(record.chose);
    if (typeof record.flag === 'string' && typeof record.is === 'boolean') into.flags.add(record.flag);
    if (typeof record.metric === 'string' && typeof record.op === 'string') {
      into.metrics.add(record.metric);
      addThreshold(into, record.metric, record.value as number);
    }
    // Path notes are filtered by their own condition and change nothing else: what they read need not split
    // states. Sources, checks and texts hold no conditions.
    for (const [k, v] of Object.entries(record))
      if (k !== 'pathNotes' && k !== 'sources' && k !== 'checks' && k !== 'effects') collectReads(v, into);
  }
  return into;
}
const noReads = (): Reads => ({
  metrics: new Set(),
  flags: new Set(),
  chosen: new Set(),
  thresholds: new Map(),
});
function addThreshold(into: Reads, metric: string, value: number) {
  const set = into.thresholds.get(metric) ?? new Set<number>();
  set.add(value);
  into.thresholds.set(metric, set);
}

/**
 * The fragments whose conditions must be in a state's key: only those that can leave a text empty (an empty base
 * and conditions that are not always one of them true). Otherwise a fragment's condition decides nothing the
 * walk proves: whether it is ever shown is witnessed on the states' own runs (each state keeps the values of a
 * real run), so reading it need not split states.
 */
function keyedFragments(base: string, fragments: readonly Fragment[] | undefined): Condition[] {
  if (!fragments || fragments.length === 0 || base.trim() !== '') return [];
  const conditions = fragments.map((f) => f.when);
  return alwaysOneHolds(conditions) ? [] : conditions;
}

/**
 * Whether at least one of the conditions holds on every state, by truth table over what they read: each flag and
 * choice both ways, each metric at every compared value and just either side of it (enough for every operator).
 * Gives up (false, so the conditions stay in the key) above 4,096 rows.
 */
export function alwaysOneHolds(conditions: readonly Condition[]): boolean {
  const r = collectReads(conditions, noReads());
  const axes: { set: (ctx: Ctx, i: number) => void; size: number }[] = [];
  type Ctx = { metrics: Record<string, number>; flags: Record<string, boolean>; chosen: Set<string> };
  for (const f of r.flags) axes.push({ size: 2, set: (ctx, i) => (ctx.flags[f] = i === 1) });
  for (const c of r.chosen)
    axes.push({ size: 2, set: (ctx, i) => (i === 1 ? ctx.chosen.add(c) : ctx.chosen.delete(c)) });
  for (const [m, ts] of r.thresholds) {
    const values = [...new Set([...ts].flatMap((t) => [t - 1, t - 0.5, t, t + 0.5, t + 1]))];
    axes.push({ size: values.length, set: (ctx, i) => (ctx.metrics[m] = values[i]!) });
  }
  const rows = axes.reduce((n, a) => n * a.size, 1);
  if (rows > 4096) return false;
  for (let row = 0; row < rows; row++) {
    const ctx: Ctx = { metrics: {}, flags: {}, chosen: new Set() };
    let rest = row;
    for (const a of axes) {
      a.set(ctx, rest % a.size);
      rest = Math.floor(rest / a.size);
    }
    if (!conditions.some((c) => holds(c, ctx))) return false;
  }
  return true;
}

/**
 * The choices a run played as `side` can take at a node: all of the side's own, and of the counterpart's those
 * its policy can draw (a weighted choice whose weight can rise above 0, and the historical one, the fallback).
 * What no run of this side can choose neither moves a metric nor reads anything in its walk.
 */
function possibleChoices(node: ScenarioNode, side: string): Choice[] {
  const choices = node.choices ?? [];
  if (node.side === null || node.side === side) return choices;
  const historical = choices.find((c) => c.historical) ?? choices[0];
  if (node.counterpart?.policy !== 'weighted') return historical ? [historical] : [];
  const drawable = new Set(
    node.counterpart.weights
      .filter((w) => w.weight > 0 || (w.adjust ?? []).some((a) => a.add > 0))
      .map((w) => w.choice),
  );
  return choices.filter((c) => c === historical || drawable.has(c.id));
}

/**
 * Per target (node, ending or END): what a condition met from there on can read. Two runs at the same target
 * that agree on these will be shown the same texts and move the same way, so the walk merges them; what no
 * later condition reads is dropped from the state (liveness, computed backwards to a fixed point).
 */
type Live = {
  reads: Reads;
  /** Every condition met from here on (ending conditions and guards included). */
  conds: Set<Condition>;
  /** Flags some move from here on can set, and choices some move from here on can make. */
  settable: Set<string>;
  choosable: Set<string>;
};

const isCondition = (r: Record<string, unknown>) =>
  'all' in r ||
  'any' in r ||
  'not' in r ||
  typeof r.chose === 'string' ||
  (typeof r.flag === 'string' && typeof r.is === 'boolean') ||
  (typeof r.metric === 'string' && typeof r.op === 'string');

/** The conditions in a value (whole conditions, not their parts), added to `into`; path notes are skipped. */
function collectConditions(value: unknown, into: Set<Condition>): Set<Condition> {
  if (Array.isArray(value)) value.forEach((v) => collectConditions(v, into));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (isCondition(record)) into.add(record as Condition);
    else
      for (const [k, v] of Object.entries(record))
        if (k !== 'pathNotes' && k !== 'sources' && k !== 'checks' && k !== 'effects')
          collectConditions(v, into);
  }
  return into;
}

function liveReads(scenario: Scenario, side: string, forced: ReadonlySet<string>): Map<string, Live> {
  const lives = liveConditions(scenario, side, forced);
  return new Map([...lives].map(([t, l]) => [t, { ...l, reads: collectReads([...l.conds], noReads()) }]));
}

function liveConditions(
  scenario: Scenario,
  side: string,
  forced: ReadonlySet<string>,
): Map<string, Omit<Live, 'reads'>> {
  type L = Omit<Live, 'reads'>;
  const live = new Map<string, L>();
  const none = (): L => ({ conds: new Set(), settable: new Set(), choosable: new Set() });
  const collectInto = (value: unknown, into: L) => {
    collectConditions(value, into.conds);
    return into;
  };
  const mergeLive = (into: L, r: L) => {
    r.conds.forEach((c) => into.conds.add(c));
    r.settable.forEach((f) => into.settable.add(f));
    r.choosable.forEach((c) => into.choosable.add(c));
  };
  const liveSize = (r: L) => r.conds.size + r.settable.size + r.choosable.size;
  const frag = (path: string, base: string, fragments: readonly Fragment[] | undefined) =>
    forced.has(path) ? fragments?.map((f) => f.when) : keyedFragments(base, fragments);
  // Only this side's debrief is shown in this walk: the other side's reads need not split its states.
  const endingReads = (e: Scenario['endings'][number], i: number) => {
    const d = e.debrief[side];
    const dpath = `endings[${i}].debrief.${side}`;
    return collectInto(
      [
        e.when,
        e.presumes,
        frag(`endings[${i}].textIf`, e.text, e.textIf),
        d && [
          d.presumes,
          frag(`${dpath}.whatHappenedIf`, d.whatHappened, d.whatHappenedIf),
          frag(`${dpath}.analysisIf`, d.analysis, d.analysisIf),
        ],
      ],
      none(),
    );
  };
  const all = none();
  for (const [i, e] of scenario.endings.entries()) {
    const r = endingReads(e, i);
    live.set(e.id, r);
    mergeLive(all, r);
  }
  live.set(END, all);
  const own = new Map(
    scenario.nodes.map((n, i) => [
      n.id,
      collectInto(
        [
          n.presumes,
          frag(`nodes[${i}].bodyIf`, n.body, n.bodyIf),
          n.next,
          n.counterpart,
          possibleChoices(n, side).map((c) => [
            c.presumes,
            frag(`nodes[${i}].choices[${n.choices!.indexOf(c)}].feedbackIf`, c.feedback, c.feedbackIf),
            c.next,
          ]),
        ],
        {
          ...none(),
          choosable: new Set(possibleChoices(n, side).map((c) => c.id)),
          settable: new Set(possibleChoices(n, side).flatMap((c) => Object.keys(c.effects?.flags ?? {}))),
        },
      ),
    ]),
  );
  const succ = new Map(
    scenario.nodes.map((n) => {
      const nexts =
        n.side === null ? (n.next ? [n.next] : [END]) : possibleChoices(n, side).map((c) => c.next);
      return [
        n.id,
        nexts.flatMap((x) => (typeof x === 'string' ? [x] : [...x.branches.map((b) => b.goto), x.otherwise])),
      ];
    }),
  );
  for (const n of scenario.nodes) live.set(n.id, own.get(n.id)!);
  for (let changed = true; changed;) {
    changed = false;
    for (const n of scenario.nodes) {
      const mine = live.get(n.id)!;
      const before = liveSize(mine);
      for (const t of succ.get(n.id)!) {
        const r = live.get(t);
        if (!r) continue;
        mergeLive(mine, r);
      }
      if (liveSize(mine) !== before) changed = true;
    }
  }
  return live;
}

/**
 * Per target and metric: the most a metric can still rise (up) and fall (down) on any path of `side`'s runs from
 * there to the end.
 * A value so far above (or below) every threshold still to be compared that no path can bring it across is as
 * good as any other such value: the walk merges them. Infinite on a loop.
 */
function swings(scenario: Scenario, side: string): Map<string, { up: Float64Array; down: Float64Array }> {
  const M = scenario.metrics.length;
  const ids = scenario.metrics.map((m) => m.id);
  const out = new Map<string, { up: Float64Array; down: Float64Array }>();
  const zero = () => ({ up: new Float64Array(M), down: new Float64Array(M) });
  out.set(END, zero());
  for (const e of scenario.endings) out.set(e.id, zero());
  for (const n of scenario.nodes) out.set(n.id, zero());
  const targets = (next: Next | undefined) =>
    next === undefined
      ? [END]
      : typeof next === 'string'
        ? [next]
        : [...next.branches.map((b) => b.goto), next.otherwise];
  for (let round = 0, changed = true; changed; round++) {
    changed = false;
    if (round > scenario.nodes.length + 2) {
      for (const n of scenario.nodes)
        out.set(n.id, { up: new Float64Array(M).fill(Infinity), down: new Float64Array(M).fill(Infinity) });
      break;
    }
    for (const n of scenario.nodes) {
      const mine = out.get(n.id)!;
      const moves: { effects: Record<string, number>; next: Next | undefined }[] =
        n.side === null
          ? [{ effects: {}, next: n.next }]
          : possibleChoices(n, side).map((c) => ({ effects: c.effects?.metrics ?? {}, next: c.next }));
      for (const move of moves)
        for (const t of targets(move.next)) {
          const after = out.get(t);
          if (!after) continue;
          for (let k = 0; k < M; k++) {
            const d = move.effects[ids[k]!] ?? 0;
            const up = Math.max(0, d) + after.up[k]!;
            const down = Math.max(0, -d) + after.down[k]!;
            if (up > mine.up[k]!) {
              mine.up[k] = up;
              changed = true;
            }
            if (down > mine.down[k]!) {
              mine.down[k] = down;
              changed = true;
            }
          }
        }
    }
  }
  return out;
}

const describe = (state: State, scenario: Scenario, bits: ChoiceBits) => ({
  nodeId: state.target,
  metrics: Object.fromEntries(scenario.metrics.map((m, i) => [m.id, state.metrics[i]!])),
  flags: Object.entries(state.flags)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort(),
  chosen: bits.ids.filter((id) => bits.test(state.chosen, id)).sort(),
});

/**
 * The choices a run has made, as one bit per choice id: a state keeps a few words instead of a set of strings,
 * which is most of what the walk holds on a large file.
 */
class ChoiceBits {
  readonly ids: string[];
  readonly words: number;
  private readonly bit = new Map<string, number>();
  constructor(scenario: Scenario) {
    this.ids = scenario.nodes.flatMap((n) => (n.choices ?? []).map((c) => c.id));
    this.ids.forEach((id, i) => this.bit.set(id, i));
    this.words = Math.max(1, Math.ceil(this.ids.length / 32));
  }
  test(bits: Uint32Array, id: string) {
    const b = this.bit.get(id);
    return b !== undefined && (bits[b >>> 5]! & (1 << (b & 31))) !== 0;
  }
  with(bits: Uint32Array, id: string) {
    const out = bits.slice();
    const b = this.bit.get(id);
    if (b !== undefined) out[b >>> 5]! |= 1 << (b & 31);
    return out;
  }
}

/**
 * A reusable condition context over a state's arrays: `holds` reads `metrics[id]`, `flags[id]` and
 * `chosen.has(id)` only, so one object per role is refilled instead of building a record per state and move.
 */
class ScratchContext implements ConditionContext {
  metrics: Record<string, number> = {};
  flags: Record<string, boolean> = {};
  readonly chosen: ReadonlySet<string>;
  private bits: Uint32Array = new Uint32Array(0);
  constructor(
    private readonly metricIds: readonly string[],
    choiceBits: ChoiceBits,
  ) {
    // Only `has` is ever called on a context's chosen set (see `holds`).
    this.chosen = { has: (id: string) => choiceBits.test(this.bits, id) } as unknown as ReadonlySet<string>;
  }
  load(metrics: Float64Array, flags: Record<string, boolean>, bits: Uint32Array) {
    for (let i = 0; i < this.metricIds.length; i++) this.metrics[this.metricIds[i]!] = metrics[i]!;
    this.flags = flags;
    this.bits = bits;
    return this;
  }
}

function pathTo(state: State): WalkStep[] {
  const steps: WalkStep[] = [];
  for (let s: State | null = state; s?.via; s = s.parent) steps.push(s.via);
  return steps.reverse();
}

/**
 * Walks every reachable state of a run played as `side` and checks every text shown on the way.
 * @example walkSide(scenario, 'tehran').findings // [] when every guarded text holds wherever it is shown
 */
export function walkSide(scenario: Scenario, side: string, maxStates = MAX_STATES): SideWalk {
  return walkSides(scenario, [side], maxStates)[0]!;
}

const unseenLists = (walk: SideWalk) =>
  walk.findings.filter((f) => f.rule === 'fragment-never-shown').map((f) => f.path.replace(/\[\d+\]$/, ''));

/**
 * Walks each of `sides` (see `walkSide`). A fragment left out of the keys and seen on no state's own run may still
 * show on a run merged into one, so the sides are walked again with those fragments in the keys, and a fragment is
 * reported dead only when it is. A fragment some side's first walk showed is shown (on a real run): it needs no
 * second walk on any side, which spares the second walk on most files (a side's own fragments are often ones
 * only the other side's runs can show).
 */
export function walkSides(scenario: Scenario, sides: readonly string[], maxStates = MAX_STATES): SideWalk[] {
  const first = sides.map((side) => walkOnce(scenario, side, maxStates, new Set()));
  if (first.some((w) => w.incomplete)) return first;
  const lists = first.map((w) => new Set(unseenLists(w)));
  // A list needs a second walk when one of its fragments is unseen by every side.
  const unseenAll = new Set(
    first.flatMap((w) =>
      w.findings
        .filter(
          (f) =>
            f.rule === 'fragment-never-shown' &&
            first.every((o) => o.findings.some((g) => g.rule === f.rule && g.path === f.path)),
        )
        .map((f) => f.path.replace(/\[\d+\]$/, '')),
    ),
  );
  return first.map((walk, i) => {
    const unseen = new Set([...lists[i]!].filter((l) => unseenAll.has(l)));
    if (unseen.size === 0) return walk;
    const again = walkOnce(scenario, sides[i]!, maxStates, unseen);
    // Seen on the first walk is seen: only the second walk's verdict on the others counts.
    const findings = [
      ...again.findings.filter(
        (f) => f.rule !== 'fragment-never-shown' || unseen.has(f.path.replace(/\[\d+\]$/, '')),
      ),
      ...walk.findings.filter(
        (f) => f.rule === 'fragment-never-shown' && !unseen.has(f.path.replace(/\[\d+\]$/, '')),
      ),
    ];
    return { ...again, findings };
  });
}

function walkOnce(
  scenario: Scenario,
  side: string,
  maxStates: number,
  forced: ReadonlySet<string>,
): SideWalk {
  const index = indexScenario(scenario);
  const live = liveReads(scenario, side, forced);
  const empty: Live = { reads: noReads(), conds: new Set(), settable: new Set(), choosable: new Set() };
  const liveAt = (target: string) => live.get(target) ?? empty;
  const swing = swings(scenario, side);
  const metricIds = scenario.metrics.map((m) => m.id);
  const nodePos = new Map(scenario.nodes.map((n, i) => [n.id, i]));
  const endingPos = new Map(scenario.endings.map((e, i) => [e.id, i]));
  const findings = new Map<string, TextFinding>();
  // Per fragment: whether any state showed it, so a dead one is reported.
  const shown = new Map<string, { seen: boolean; finding: TextFinding }>();

  const bits = new ChoiceBits(scenario);
  type Run = { metrics: Float64Array; flags: Record<string, boolean>; chosen: Uint32Array };
  // One context per role: the state being expanded, the state after a move, and a run merged into an ending.
  const stateCtx = new ScratchContext(metricIds, bits);
  const afterCtxScratch = new ScratchContext(metricIds, bits);
  const witnessCtx = new ScratchContext(metricIds, bits);
  const load = (scratch: ScratchContext, s: Run) => scratch.load(s.metrics, s.flags, s.chosen);

  const violate = (finding: Omit<TextFinding, 'state' | 'steps'>, state: State, extra?: WalkStep) => {
    const key = `${finding.rule}|${finding.path}`;
    if (findings.has(key)) return;
    const steps = pathTo(state);
    if (extra) steps.push(extra);
    findings.set(key, { ...finding, state: describe(state, scenario, bits), steps });
  };
  const guard = (
    presumes: Condition | undefined,
    ctx: ConditionContext,
    path: string,
    at: TextFinding['at'],
    state: State,
    extra?: WalkStep,
  ) => {
    if (presumes && !holds(presumes, ctx)) violate({ rule: 'guard-violated', path, at }, state, extra);
  };
  const text = (
    base: string,
    fragments: readonly Fragment[] | undefined,
    ctx: ConditionContext,
    path: string,
    fragPath: string,
    at: TextFinding['at'],
    state: State,
    extra?: WalkStep,
  ) => {
    let any = base.trim() !== '';
    fragments?.forEach((f, i) => {
      const p = `${fragPath}[${i}]`;
      const entry = shown.get(p) ?? {
        seen: false,
        finding: { rule: 'fragment-never-shown' as const, path: p, at },
      };
      shown.set(p, entry);
      if (holds(f.when, ctx)) {
        entry.seen = true;
        any = true;
      }
    });
    if (!any && fragments && fragments.length > 0) violate({ rule: 'empty-text', path, at }, state, extra);
  };

  // Per target, precomputed once: the flags and choices the key holds (whatever a condition from there on reads);
  // per value of those, which metrics (with their thresholds and swings) still matter.
  type MetricPlan = { i: number; thresholds: number[]; up: number; down: number };
  type KeyPlan = State['plan'];
  type BasePlan = { flags: string[]; chosen: string[]; conds: Condition[]; live: Live };
  const bases = new Map<string, BasePlan>();
  const baseOf = (target: string): BasePlan => {
    let base = bases.get(target);
    if (!base) {
      const l = liveAt(target);
      base = { flags: [...l.reads.flags], chosen: [...l.reads.chosen], conds: [...l.conds], live: l };
      bases.set(target, base);
    }
    return base;
  };
  type Leaf = { metric: string; value: number };
  /**
   * A condition evaluated as far as the state decides it: a flag no move from here on can set, or a choice made
   * already or no longer on offer, is known; a metric comparison is not. The result is true, false, or unknown
   * with the comparisons it may still turn on. States that agree on the key's flags and choices get the same
   * result, so a comparison under a conjunct already false (a flare-up ending's escalation after no second
   * strike) need not split them.
   */
  const residual = (
    c: Condition,
    l: Live,
    flags: Record<string, boolean>,
    chosen: Uint32Array,
  ): boolean | Leaf[] => {
    if ('all' in c || 'any' in c) {
      const isAll = 'all' in c;
      const leaves: Leaf[] = [];
      let unknown = false;
      for (const x of isAll ? c.all : c.any) {
        const r = residual(x, l, flags, chosen);
        if (typeof r === 'boolean') {
          if (r !== isAll) return r;
          continue;
        }
        unknown = true;
        leaves.push(...r);
      }
      return unknown ? leaves : isAll;
    }
    if ('not' in c) {
      const r = residual(c.not, l, flags, chosen);
      return typeof r === 'boolean' ? !r : r;
    }
    if ('flag' in c) return l.settable.has(c.flag) ? [] : (flags[c.flag] ?? false) === c.is;
    if ('chose' in c) return bits.test(chosen, c.chose) ? true : l.choosable.has(c.chose) ? [] : false;
    return [{ metric: c.metric, value: c.value }];
  };
  const plans = new Map<string, KeyPlan>();
  const planOf = (
    bitsKey: string,
    base: BasePlan,
    target: string,
    flags: Record<string, boolean>,
    chosen: Uint32Array,
  ): KeyPlan => {
    let plan = plans.get(bitsKey);
    if (!plan) {
      const thresholds = new Map<string, Set<number>>();
      for (const c of base.conds) {
        const r = residual(c, base.live, flags, chosen);
        if (typeof r === 'boolean') continue;
        for (const leaf of r) {
          const set = thresholds.get(leaf.metric) ?? new Set<number>();
          set.add(leaf.value);
          thresholds.set(leaf.metric, set);
        }
      }
      const sw = swing.get(target);
      const metrics = metricIds.flatMap((id, i): MetricPlan[] => {
        const ts = thresholds.get(id);
        if (!ts) return [];
        const up = sw?.up[i] ?? Infinity;
        const down = sw?.down[i] ?? Infinity;
        return [{ i, thresholds: [...ts].sort((a, b) => a - b), up, down }];
      });
      const pos = new Int16Array(metricIds.length).fill(-1);
      metrics.forEach((m, j) => (pos[m.i] = j));
      plan = { metrics, pos };
      plans.set(bitsKey, plan);
    }
    return plan;
  };
  /**
   * A metric's part of the key: its exact value while some threshold still to be compared lies within reach
   * ([v − down, v + up]); otherwise only the cell between thresholds it is in. Sound: clamped changes are
   * monotone in the value and never move it further than the swing, so two values in the same cell with no
   * threshold in reach stay in that cell on every path and every later comparison treats them alike.
   */
  const cellOf = (m: MetricPlan, v: number): number | string => {
    let cell = 0;
    for (const t of m.thresholds) {
      if (t >= v - m.down && t <= v + m.up) return v;
      if (t < v) cell++;
    }
    return `c${cell}`;
  };
  /** Whether the key holds a metric's exact value at a target (not dead, not merged as out of reach). */
  const exactAt = (plan: KeyPlan, i: number, v: number) => {
    const j = plan.pos[i]!;
    return j >= 0 && typeof cellOf(plan.metrics[j]!, v) === 'number';
  };
  /**
   * A run merged into a final state that already exists still witnesses the ending's fragments it would show (the
   * ending's choice reads only what the key holds, so it is the state's): a fragment left out of the keys is then
   * seen wherever any run shows it on its last step, which spares most walks again.
   */
  const witnessEnding = (target: string, run: Run) => {
    const ctx = load(witnessCtx, run);
    const ending =
      target === END
        ? scenario.endings.find((e) => !e.when || holds(e.when, ctx))
        : scenario.endings[endingPos.get(target)!];
    if (!ending) return;
    const e = endingPos.get(ending.id)!;
    const debrief = ending.debrief[side];
    const lists: [string, readonly Fragment[] | undefined][] = [
      [`endings[${e}].textIf`, ending.textIf],
      [`endings[${e}].debrief.${side}.whatHappenedIf`, debrief?.whatHappenedIf],
      [`endings[${e}].debrief.${side}.analysisIf`, debrief?.analysisIf],
    ];
    for (const [fragPath, fragments] of lists)
      fragments?.forEach((f, i) => {
        const p = `${fragPath}[${i}]`;
        const entry = shown.get(p);
        if (entry?.seen || !holds(f.when, ctx)) return;
        if (entry) entry.seen = true;
        else
          shown.set(p, {
            seen: true,
            finding: { rule: 'fragment-never-shown', path: p, at: { endingId: ending.id } },
          });
      });
  };
  const states = new Map<string, State>();
  const order: State[] = [];
  // Built as one flat string (an array joined): a key grown by `+=` is a rope of many small strings kept alive
  // as the map's key.
  const keyOf = (
    target: string,
    metrics: Float64Array,
    flags: Record<string, boolean>,
    chosen: Uint32Array,
  ) => {
    const base = baseOf(target);
    const parts: (string | number)[] = [target, '|'];
    for (const f of base.flags) parts.push(flags[f] ? 1 : 0);
    parts.push('|');
    for (const c of base.chosen) parts.push(bits.test(chosen, c) ? 1 : 0);
    const bitsKey = parts.join('');
    const plan = planOf(bitsKey, base, target, flags, chosen);
    const cells: (string | number)[] = [bitsKey, '|'];
    for (const m of plan.metrics) cells.push(cellOf(m, metrics[m.i]!), ',');
    return { key: cells.join(''), plan };
  };
  const intern = (
    target: string,
    metrics: Float64Array,
    flags: Record<string, boolean>,
    chosen: Uint32Array,
    parent: State | null,
    via: WalkStep | null,
  ) => {
    const { key, plan } = keyOf(target, metrics, flags, chosen);
    let state = states.get(key);
    if (!state) {
      state = {
        key,
        plan,
        target,
        metrics,
        flags,
        chosen,
        depth: parent ? parent.depth + 1 : 0,
        parent,
        via,
        edges: [],
        prob: 0,
        future: null,
        mean: null,
      };
      states.set(key, state);
      order.push(state);
    } else if (target === END || endingPos.has(target)) witnessEnding(target, { metrics, flags, chosen });
    return state;
  };

  const resolveNext = (next: Next | undefined, ctx: ConditionContext) => {
    if (next === undefined) return END;
    if (typeof next === 'string') return next;
    for (const branch of next.branches) if (holds(branch.when, ctx)) return branch.goto;
    return next.otherwise;
  };

  const raws = new Map<Choice, Float64Array>();
  const rawDelta = (choice: Choice) => {
    let raw = raws.get(choice);
    if (!raw) {
      raw = Float64Array.from(metricIds, (id) => choice.effects?.metrics?.[id] ?? 0);
      raws.set(choice, raw);
    }
    return raw;
  };
  const apply = (state: State, choice: Choice) => {
    const metrics = state.metrics.slice();
    for (const [id, change] of Object.entries(choice.effects?.metrics ?? {})) {
      const i = metricIds.indexOf(id);
      const m = scenario.metrics[i];
      if (!m) continue;
      metrics[i] = Math.min(m.max, Math.max(m.min, metrics[i]! + change));
    }
    // The parent's flags are shared unless the choice changes one.
    const set = Object.entries(choice.effects?.flags ?? {}).filter(
      ([f, v]) => (state.flags[f] ?? false) !== v,
    );
    const flags = set.length === 0 ? state.flags : { ...state.flags, ...Object.fromEntries(set) };
    return { metrics, flags, chosen: bits.with(state.chosen, choice.id) };
  };

  const counterpartOdds = (node: ScenarioNode, ctx: ConditionContext): { choice: Choice; p: number }[] => {
    const choices = node.choices ?? [];
    const historical = choices.find((c) => c.historical) ?? choices[0];
    if (node.counterpart?.policy !== 'weighted') return historical ? [{ choice: historical, p: 1 }] : [];
    const weighted = node.counterpart.weights.flatMap((w) => {
      const choice = choices.find((c) => c.id === w.choice);
      if (!choice) return [];
      let weight = w.weight;
      for (const a of w.adjust ?? []) if (holds(a.when, ctx)) weight += a.add;
      return [{ choice, weight: Math.max(0, weight) }];
    });
    const total = weighted.reduce((s, w) => s + w.weight, 0);
    if (total <= 0) return historical ? [{ choice: historical, p: 1 }] : [];
    const merged = new Map<Choice, number>();
    for (const w of weighted)
      if (w.weight > 0) merged.set(w.choice, (merged.get(w.choice) ?? 0) + w.weight / total);
    return [...merged].map(([choice, p]) => ({ choice, p }));
  };

  const initial = intern(
    scenario.start,
    Float64Array.from(scenario.metrics, (m) => m.start),
    {},
    new Uint32Array(bits.words),
    null,
    null,
  );
  let incomplete: string | undefined;
  // Breadth first, so the first path found to any state is a shortest one.
  for (let head = 0; head < order.length; head++) {
    if (order.length > maxStates) {
      incomplete = `more than ${maxStates} states`;
      break;
    }
    const state = order[head]!;
    const ctx = load(stateCtx, state);
    if (state.target === END || endingPos.has(state.target)) {
      const ending =
        state.target === END
          ? scenario.endings.find((e) => !e.when || holds(e.when, ctx))
          : scenario.endings[endingPos.get(state.target)!];
      if (!ending) continue;
      state.endingId = ending.id;
      const e = endingPos.get(ending.id)!;
      const at = { endingId: ending.id };
      guard(ending.presumes, ctx, `endings[${e}].text`, at, state);
      text(ending.text, ending.textIf, ctx, `endings[${e}].text`, `endings[${e}].textIf`, at, state);
      const debrief = ending.debrief[side];
      if (debrief) {
        const dpath = `endings[${e}].debrief.${side}`;
        guard(debrief.presumes, ctx, dpath, at, state);
        text(
          debrief.whatHappened,
          debrief.whatHappenedIf,
          ctx,
          `${dpath}.whatHappened`,
          `${dpath}.whatHappenedIf`,
          at,
          state,
        );
        text(
          debrief.analysis,
          debrief.analysisIf,
          ctx,
          `${dpath}.analysis`,
          `${dpath}.analysisIf`,
          at,
          state,
        );
      }
      continue;
    }
    const n = nodePos.get(state.target);
    const node = n === undefined ? undefined : scenario.nodes[n];
    if (!node) continue;
    const at = { nodeId: node.id };
    // A node's presumption holds wherever a run reaches it, whoever decides there (in team play both read it).
    guard(node.presumes, ctx, `nodes[${n}].body`, at, state);
    if (node.side === null || node.side === side)
      text(node.body, node.bodyIf, ctx, `nodes[${n}].body`, `nodes[${n}].bodyIf`, at, state);
    if (node.side === null) {
      const target = resolveNext(node.next, ctx);
      state.edges.push({
        to: intern(target, state.metrics, state.flags, state.chosen, state, {
          kind: 'event',
          nodeId: node.id,
        }),
        p: 1,
        delta: new Float64Array(metricIds.length),
      });
      continue;
    }
    const mine = node.side === side;
    const options = mine
      ? (node.choices ?? []).map((choice, _i, all) => ({ choice, p: 1 / all.length }))
      : counterpartOdds(node, ctx);
    for (const { choice, p } of options) {
      const c = node.choices!.indexOf(choice);
      const after = apply(state, choice);
      const afterCtx = load(afterCtxScratch, after);
      const step: WalkStep = {
        kind: mine ? 'decision' : 'counterpart',
        nodeId: node.id,
        choiceId: choice.id,
      };
      const cat = { nodeId: node.id, choiceId: choice.id };
      guard(choice.presumes, afterCtx, `nodes[${n}].choices[${c}].feedback`, cat, state, step);
      if (mine)
        text(
          choice.feedback,
          choice.feedbackIf,
          afterCtx,
          `nodes[${n}].choices[${c}].feedback`,
          `nodes[${n}].choices[${c}].feedbackIf`,
          cat,
          state,
          step,
        );
      const target = resolveNext(choice.next, afterCtx);
      // A live metric's change is exact (clamped); a dead one's is the raw effect, clamped on the mean later.
      // Most moves clamp nothing: those share the choice's raw effects.
      const raw = rawDelta(choice);
      let delta = raw;
      const plan = state.plan;
      for (let i = 0; i < metricIds.length; i++) {
        const d = exactAt(plan, i, state.metrics[i]!) ? after.metrics[i]! - state.metrics[i]! : raw[i]!;
        if (d !== raw[i]) {
          if (delta === raw) delta = raw.slice();
          delta[i] = d;
        }
      }
      state.edges.push({
        to: intern(target, after.metrics, after.flags, after.chosen, state, step),
        p,
        choice,
        delta,
      });
    }
  }
  for (const { seen, finding } of shown.values())
    if (!seen) findings.set(`${finding.rule}|${finding.path}`, finding);

  const result: SideWalk = {
    side,
    states: states.size,
    endings: scenario.endings.map((e) => ({ id: e.id, random: 0, history: 0 })),
    historicalScore: 0,
    shareAboveHistory: 0,
    shareBelowHistory: 0,
    meanScore: 0,
    bestScore: 0,
    decisions: [],
    findings: [...findings.values()],
  };
  if (incomplete) return { ...result, incomplete };

  // Topological order of the state graph (Kahn); a cycle means the shares cannot be summed this way.
  const indegree = new Map<State, number>();
  for (const s of order) for (const e of s.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const topo: State[] = [initial];
  for (let i = 0; i < topo.length; i++)
    for (const e of topo[i]!.edges) {
      const d = indegree.get(e.to)! - 1;
      indegree.set(e.to, d);
      if (d === 0) topo.push(e.to);
    }
  if (topo.length !== order.length) return { ...result, incomplete: 'the states loop' };

  const M = metricIds.length;
  const scoreOf = (metrics: Float64Array) => {
    const { parts } = scoreSide(
      scenario,
      side,
      Object.fromEntries(metricIds.map((id, i) => [id, metrics[i]!])),
    );
    return parts.reduce((sum, p) => sum + p.points, 0);
  };
  const clampAt = (i: number, v: number) =>
    Math.min(scenario.metrics[i]!.max, Math.max(scenario.metrics[i]!.min, v));
  // Backward: the expected change of every metric from each state to the end.
  for (let i = topo.length - 1; i >= 0; i--) {
    const s = topo[i]!;
    const out = new Float64Array(M);
    for (const e of s.edges) for (let k = 0; k < M; k++) out[k]! += e.p * (e.delta[k]! + e.to.future![k]!);
    s.future = out;
  }
  // Forward: the probability of reaching each state, the mean metrics of the runs merged into it, and the
  // per-decision sums (mean final metrics of the runs that make each choice).
  initial.prob = 1;
  initial.mean = initial.metrics.slice();
  const sums = new Map<string, { p: number; v: Float64Array; choice: Choice; nodeId: string }>();
  const historical = historyScore(scenario, side);
  const finalOf = (from: Float64Array, e: State['edges'][number]) =>
    Float64Array.from(from, (v, k) => clampAt(k, v + e.delta[k]!) + e.to.future![k]!);
  let best = -Infinity;
  let meanScore = 0;
  for (const s of topo) {
    if (s.prob > 0 && s !== initial) for (let k = 0; k < M; k++) s.mean![k]! /= s.prob;
    if (s.edges.length === 0) {
      const e = result.endings.find((x) => x.id === s.endingId);
      if (e) e.random += s.prob;
      const sc = scoreOf(s.mean!);
      meanScore += s.prob * sc;
      best = Math.max(best, sc);
      if (Math.round(sc) > historical) result.shareAboveHistory += s.prob;
      if (Math.round(sc) < historical) result.shareBelowHistory += s.prob;
      continue;
    }
    const node = index.nodes.get(s.target);
    for (const e of s.edges) {
      const mass = s.prob * e.p;
      e.to.prob += mass;
      e.to.mean ??= new Float64Array(M);
      for (let k = 0; k < M; k++) e.to.mean[k]! += mass * clampAt(k, s.mean![k]! + e.delta[k]!);
      if (node?.side === side && e.choice) {
        const key = `${node.id}|${e.choice.id}`;
        const acc = sums.get(key) ?? { p: 0, v: new Float64Array(M), choice: e.choice, nodeId: node.id };
        acc.p += mass;
        const fin = finalOf(s.mean!, e);
        for (let k = 0; k < M; k++) acc.v[k]! += mass * fin[k]!;
        sums.set(key, acc);
      }
    }
  }
  result.meanScore = meanScore;
  result.bestScore = Math.round(best);
  result.historicalScore = historical;
  for (const node of scenario.nodes) {
    if (node.side !== side) continue;
    const choices = (node.choices ?? []).flatMap((choice): ChoiceStats[] => {
      const acc = sums.get(`${node.id}|${choice.id}`);
      if (!acc || acc.p === 0) return [];
      return [
        {
          nodeId: node.id,
          choiceId: choice.id,
          label: choice.label,
          historical: Boolean(choice.historical),
          share: acc.p,
          meanFinal: Object.fromEntries(metricIds.map((id, j) => [id, acc.v[j]! / acc.p])),
          meanScore: scoreOf(acc.v.map((v) => v / acc.p)),
        },
      ];
    });
    if (choices.length > 0) result.decisions.push({ nodeId: node.id, title: node.title, choices });
  }
  // A history-copying player: the same walk restricted to the historical choice at the player's decisions.
  for (const [id, share] of historyShares(scenario, side, initial)) {
    const e = result.endings.find((x) => x.id === id);
    if (e) e.history = share;
  }
  return result;
}

/** The score of the path history took (both sides historical), for this side. */
function historyScore(scenario: Scenario, side: string) {
  const last = historicalRun(scenario).path.at(-1)?.metrics;
  return scoreSide(scenario, side, last ?? Object.fromEntries(scenario.metrics.map((m) => [m.id, m.start])))
    .score;
}

/** Ending shares for a player who always takes the historical choice (the counterpart keeps its policy). */
function historyShares(
  scenario: Scenario,
  side: string,
  initial: { edges: { to: unknown; p: number; choice?: Choice }[] },
) {
  type S = { edges: { to: S; p: number; choice?: Choice }[]; target: string; endingId?: string };
  const index = indexScenario(scenario);
  const prob = new Map<S, number>([[initial as unknown as S, 1]]);
  const out = new Map<string, number>();
  // States are processed in breadth-first layers of probability mass; the graph is acyclic (checked above).
  let frontier = new Map(prob);
  while (frontier.size > 0) {
    const next = new Map<S, number>();
    for (const [s, p] of frontier) {
      if (s.edges.length === 0) {
        if (s.endingId) out.set(s.endingId, (out.get(s.endingId) ?? 0) + p);
        continue;
      }
      const node = index.nodes.get(s.target);
      const edges =
        node?.side === side
          ? s.edges
              .filter((e) => e.choice?.historical)
              .slice(0, 1)
              .map((e) => ({
                ...e,
                p: 1,
              }))
          : s.edges;
      for (const e of edges) next.set(e.to, (next.get(e.to) ?? 0) + p * e.p);
    }
    frontier = next;
  }
  return out;
}
