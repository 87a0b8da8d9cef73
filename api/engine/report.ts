import { choose, historicalRun, indexScenario, scoreSide, start, type RunState } from './engine';
import type { Scenario } from './schema';
import { walkSides, type SideWalk } from './walk';

/** How the simulated player decides: uniformly at random, or always the choice marked historical. */
export type PlayerPolicy = 'random' | 'history';

/** One simulated run: the player's side, its seed, the ending, the score and every step's choice. */
export type SimulatedRun = {
  side: string;
  seed: string;
  endingId: string;
  score: number;
  /** Every decision and counterpart move of the run, in order. */
  steps: { kind: 'decision' | 'counterpart'; nodeId: string; choiceId: string }[];
  /** The run's final state, for checking conditions on it. */
  state: RunState;
};

/** A deterministic PRNG (LCG) so the random player makes the same choices for the same seed. */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * Plays one run as `side` to its end: the player follows `policy`, the counterpart its own policy (seeded by
 * `seed`). Throws on a scenario the engine cannot play (the validator reports those).
 * @example simulate(scenario, 'tehran', 'history', 'h7').endingId
 */
export function simulate(scenario: Scenario, side: string, policy: PlayerPolicy, seed: string): SimulatedRun {
  const { nodes } = indexScenario(scenario);
  const random = lcg(Number.parseInt(seed.replace(/\D/g, '') || '0', 10) * 7919 + 17);
  const begun = start(scenario, side, seed);
  if (!begun.ok) throw new Error(begun.error.message);
  let state = begun.value;
  for (let guard = 0; state.nodeId !== null; guard++) {
    if (guard > 1_000) throw new Error(`No ending after 1,000 decisions (side ${side}, seed ${seed}).`);
    const choices = nodes.get(state.nodeId)!.choices ?? [];
    const pick =
      policy === 'history'
        ? (choices.find((c) => c.historical) ?? choices[0])
        : choices[Math.floor(random() * choices.length)];
    const next = choose(state, pick!.id);
    if (!next.ok) throw new Error(next.error.message);
    state = next.value;
  }
  return {
    side,
    seed,
    endingId: state.endingId!,
    score: scoreSide(scenario, side, state.metrics).score,
    steps: state.path.flatMap((p) =>
      p.kind === 'event' || !p.choiceId ? [] : [{ kind: p.kind, nodeId: p.nodeId, choiceId: p.choiceId }],
    ),
    state,
  };
}

export type SideReport = {
  side: string;
  label: string;
  runs: number;
  /** Per ending (in file order): the share of random and of history-copying runs that end there. */
  endings: { id: string; title: string; historical: boolean; random: number; history: number }[];
  random: { min: number; median: number; max: number };
  history: { min: number; median: number; max: number };
  /** The all-historical path (both sides follow history) scored for this side, ranked among the random runs. */
  historicalPath: { score: number; endingId: string | null; rank: number; above: number };
  /** The best score any simulated run reached, with its player decisions. */
  best: { score: number; endingId: string; policy: PlayerPolicy; decisions: string[]; labels: string[] };
  /** Share of history-copying runs in which the counterpart made at least one non-historical move. */
  deviationRate: number;
  /** Every non-historical counterpart move a history-copying player saw, most frequent first. */
  deviations: {
    nodeId: string;
    title: string;
    choiceId: string;
    label: string;
    runs: number;
    share: number;
  }[];
};

export type ScenarioReport = { slug: string; title: string; runs: number; sides: SideReport[] };

const range = (scores: number[]) => {
  const sorted = [...scores].sort((a, b) => a - b);
  return {
    min: sorted[0] ?? 0,
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
    max: sorted.at(-1) ?? 0,
  };
};

/**
 * Plays `runs` random and `runs` history-copying runs for every playable side and sums them up: where runs end,
 * the score range, where the historical path ranks, the best path found, and where the counterpart leaves history
 * although the player copied it.
 * @example formatReport(scenarioReport(scenario, 500))
 */
export function scenarioReport(scenario: Scenario, runs = 500): ScenarioReport {
  const { nodes, choices } = indexScenario(scenario);
  const historical = historicalRun(scenario);
  const lastMetrics =
    historical.path.at(-1)?.metrics ?? Object.fromEntries(scenario.metrics.map((m) => [m.id, m.start]));
  const sides = scenario.sides
    .filter((s) => s.playable)
    .map((side): SideReport => {
      const random = Array.from({ length: runs }, (_, i) => simulate(scenario, side.id, 'random', `r${i}`));
      const history = Array.from({ length: runs }, (_, i) => simulate(scenario, side.id, 'history', `h${i}`));
      const share = (list: SimulatedRun[], endingId: string) =>
        list.filter((r) => r.endingId === endingId).length / runs;
      const historicalScore = scoreSide(scenario, side.id, lastMetrics).score;
      const best = [...random, ...history].reduce((a, b) => (b.score > a.score ? b : a));
      const deviations = new Map<string, number>();
      let deviating = 0;
      for (const run of history) {
        // Counted once per run, so the share reads "in x% of runs the counterpart did this".
        const seen = new Set<string>();
        for (const step of run.steps) {
          if (step.kind !== 'counterpart' || choices.get(step.choiceId)?.choice.historical) continue;
          seen.add(`${step.nodeId}|${step.choiceId}`);
        }
        if (seen.size > 0) deviating++;
        for (const key of seen) deviations.set(key, (deviations.get(key) ?? 0) + 1);
      }
      return {
        side: side.id,
        label: side.label,
        runs,
        endings: scenario.endings.map((e) => ({
          id: e.id,
          title: e.title,
          historical: Boolean(e.historical),
          random: share(random, e.id),
          history: share(history, e.id),
        })),
        random: range(random.map((r) => r.score)),
        history: range(history.map((r) => r.score)),
        historicalPath: {
          score: historicalScore,
          endingId: historical.endingId,
          rank: 1 + random.filter((r) => r.score > historicalScore).length,
          above: random.filter((r) => r.score < historicalScore).length / runs,
        },
        best: {
          score: best.score,
          endingId: best.endingId,
          policy: random.includes(best) ? 'random' : 'history',
          decisions: best.steps.filter((s) => s.kind === 'decision').map((s) => s.choiceId),
          labels: best.steps
            .filter((s) => s.kind === 'decision')
            .map((s) => choices.get(s.choiceId)?.choice.label ?? s.choiceId),
        },
        deviationRate: deviating / runs,
        deviations: [...deviations]
          .map(([key, count]) => {
            const [nodeId, choiceId] = key.split('|') as [string, string];
            return {
              nodeId,
              title: nodes.get(nodeId)?.title ?? nodeId,
              choiceId,
              label: choices.get(choiceId)?.choice.label ?? choiceId,
              runs: count,
              share: count / runs,
            };
          })
          .sort((a, b) => b.runs - a.runs || a.nodeId.localeCompare(b.nodeId)),
      };
    });
  return { slug: scenario.slug, title: scenario.title, runs, sides };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Left-aligned columns, the first column as wide as its longest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report as plain text: one block per playable side, tables in fixed-width columns. */
export function formatReport(report: ScenarioReport): string {
  const out = [
    `${report.title} (${report.slug}): ${report.runs} random and ${report.runs} history-copying runs per side`,
  ];
  for (const side of report.sides) {
    const h = side.historicalPath;
    out.push(
      '',
      `== Playing ${side.label} (${side.side})`,
      '',
      table([
        ['ending', 'random', 'history-copying'],
        ...side.endings.map((e) => [
          `${e.id}${e.historical ? ' (historical)' : ''}`,
          pct(e.random),
          pct(e.history),
        ]),
      ]),
      '',
      `score, random play:           min ${side.random.min}, median ${side.random.median}, max ${side.random.max}`,
      `score, history-copying play:  min ${side.history.min}, median ${side.history.median}, max ${side.history.max}`,
      `historical path:              score ${h.score} (ending ${h.endingId ?? 'none'}), rank ${h.rank} of ${side.runs + 1} among random runs, above ${pct(h.above)} of them`,
      `best score found:             ${side.best.score} (${side.best.policy} play, ending ${side.best.endingId}): ${side.best.decisions.join(' → ')}`,
      '',
      `counterpart leaves history in ${pct(side.deviationRate)} of history-copying runs`,
    );
    if (side.deviations.length > 0)
      out.push(
        table([
          ['node', 'non-historical move', 'runs', 'share'],
          ...side.deviations.map((d) => [
            `${d.nodeId} (${d.title})`,
            d.choiceId,
            String(d.runs),
            pct(d.share),
          ]),
        ]),
      );
  }
  return out.join('\n');
}

/** One playable side's exact walk, summed up for authors: shares, per-decision effects and what to rebalance. */
export type ExactSideReport = SideWalk & {
  label: string;
  /** Choices no better than a sibling on any scored metric (mean final values over the runs that make them). */
  dominated: { nodeId: string; choiceId: string; by: string }[];
  /** Decisions whose choices' mean final scores lie within 2 points: the choice hardly matters. */
  flat: { nodeId: string; spread: number }[];
};

/** A choice's flat-decision threshold: under this many points between its choices' mean scores. */
export const FLAT_SPREAD = 2;

/**
 * The exact report: every playable side walked state by state (not sampled). Per decision, each choice's mean
 * final metrics and score over the runs that make it (a random player, the counterpart's policy); choices that a
 * sibling beats or equals on every scored metric; decisions whose spread of mean scores is under 2 points.
 * @example formatExactReport(exactReport(scenario))
 */
export function exactReport(scenario: Scenario): ExactSideReport[] {
  const sides = scenario.sides.filter((s) => s.playable);
  const walks = walkSides(
    scenario,
    sides.map((s) => s.id),
  );
  return sides.map((side, i) => {
    const walk = walks[i]!;
    const weights = Object.entries(scenario.scoring[side.id] ?? {}).filter(([, w]) => w !== 0);
    const dominated: ExactSideReport['dominated'] = [];
    const flat: ExactSideReport['flat'] = [];
    for (const d of walk.decisions) {
      if (d.choices.length < 2) continue;
      const scores = d.choices.map((c) => c.meanScore);
      const spread = Math.max(...scores) - Math.min(...scores);
      if (spread < FLAT_SPREAD) flat.push({ nodeId: d.nodeId, spread });
      for (const b of d.choices) {
        const by = d.choices.find(
          (a) =>
            a !== b && weights.every(([m, w]) => Math.sign(w) * (a.meanFinal[m]! - b.meanFinal[m]!) >= -1e-9),
        );
        if (by) dominated.push({ nodeId: d.nodeId, choiceId: b.choiceId, by: by.choiceId });
      }
    }
    return { ...walk, label: side.label, dominated, flat };
  });
}

/** The exact report as plain text, one block per side. */
export function formatExactReport(scenario: Scenario, sides: ExactSideReport[]): string {
  const out = [`${scenario.title} (${scenario.slug}): exact walk, every reachable state`];
  const scored = (side: string) => Object.keys(scenario.scoring[side] ?? {});
  for (const side of sides) {
    out.push('', `== Playing ${side.label} (${side.side}): ${side.states} states`);
    if (side.incomplete) {
      out.push(`the walk stopped: ${side.incomplete}`);
      continue;
    }
    out.push(
      '',
      table([
        ['ending (exact share of runs)', 'random', 'history-copying'],
        ...side.endings.map((e) => [e.id, pct(e.random), pct(e.history)]),
      ]),
      '',
      `historical path scores ${side.historicalScore}; ${pct(side.shareAboveHistory)} of random runs score higher, ${pct(side.shareBelowHistory)} lower (mean ${side.meanScore.toFixed(1)}, best ${side.bestScore})`,
      '',
      "per decision: each choice's share of runs, mean final score and mean final scored metrics",
    );
    const metrics = scored(side.side);
    out.push(
      table([
        ['decision / choice', 'share', 'score', ...metrics],
        ...side.decisions.flatMap((d) => [
          [`${d.nodeId}`, '', '', ...metrics.map(() => '')],
          ...d.choices.map((c) => [
            `  ${c.choiceId}${c.historical ? ' (historical)' : ''}`,
            pct(c.share),
            c.meanScore.toFixed(1),
            ...metrics.map((m) => c.meanFinal[m]!.toFixed(1)),
          ]),
        ]),
      ]),
    );
    out.push(
      '',
      side.dominated.length === 0
        ? 'dominated choices: none'
        : `dominated choices: ${side.dominated.map((d) => `${d.choiceId} (by ${d.by})`).join(', ')}`,
      side.flat.length === 0
        ? 'flat decisions: none'
        : `flat decisions (spread under ${FLAT_SPREAD}): ${side.flat.map((f) => `${f.nodeId} (${f.spread.toFixed(1)})`).join(', ')}`,
    );
  }
  return out.join('\n');
}
