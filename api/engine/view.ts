import { holds } from './conditions';
import {
  historicalNodeIds,
  historicalRun,
  indexScenario,
  metricVisibleTo,
  score,
  type RunState,
} from './engine';
import type { Ending, Scenario, SourceRef } from './schema';
import { debriefNotes, resolveText, stepContexts } from './text';

export type ChoiceView = { id: string; label: string; detail?: string; justify?: string };
export type MetricView = {
  id: string;
  label: string;
  description: string;
  value: number;
  min: number;
  max: number;
  owner: string;
  /** Which way is good for the player's side (from its scoring weights), or null when it is not scored. */
  goodWhen: 'higher' | 'lower' | null;
};
export type SourceView = {
  id: string;
  title: string;
  publisher?: string;
  date?: string;
  url?: string;
  reliability?: 'A' | 'B' | 'C';
  passage?: string;
  locators: string[];
};
export type TimelineEntryView = {
  kind: 'decision' | 'counterpart' | 'event';
  nodeId: string;
  side: string | null;
  title: string;
  /** Decision: the feedback on the player's choice. Counterpart: what the player sees of its move. Event: the narration. */
  text: string;
  choice?: { id: string; label: string };
  justification?: string;
  /** Changes to the metrics this player can see. */
  changes: Record<string, number>;
  /** Values of the metrics this player can see, after this step. */
  metrics: Record<string, number>;
};
/** A path note whose condition held on the run: its text and sources, never the condition. */
export type PathNoteView = { text: string; sources: SourceView[] };
/** A side's debrief as its player reads it: the path notes resolved for the run. */
export type DebriefView = {
  whatHappened: string;
  pathNotes: PathNoteView[];
  analysis: string;
  questions: string[];
};
export type ComparisonRow = {
  nodeId: string;
  title: string;
  chosen: { id: string; label: string };
  /** The choice marked historical: what the real side did, or off the historical path the closest to it. */
  historical: { id: string; label: string } | null;
  matched: boolean;
  /** Whether this decision really arose (the all-historical run visits it); only these count toward alignment. */
  onHistoricalPath: boolean;
  /** Whether it counts toward alignment: on the historical path and its real outcome not contested by the sources. */
  counted: boolean;
};
export type EndingView = {
  id: string;
  title: string;
  text: string;
  historical: boolean;
  debrief: DebriefView | null;
  score: number;
  parts: { metric: string; label: string; value: number; weight: number; points: number }[];
  historicalAlignment: number | null;
  /** The player's decisions beside what the real side did at the same decision. */
  comparison: ComparisonRow[];
  /** The historical path of this side through the scenario, for drawing beside the player's. */
  historicalPath: { nodeId: string; title: string; choice: { id: string; label: string } }[];
  sources: SourceView[];
};
export type View = {
  scenario: { slug: string; title: string };
  side: { id: string; label: string; actor: string };
  briefing: string;
  status: 'deciding' | 'ended';
  /** How many decisions the player has made: the step the next choice answers. */
  step: number;
  metrics: MetricView[];
  decision: {
    nodeId: string;
    title: string;
    body: string;
    private?: string;
    timeLimit?: { seconds: number; defaultChoice: string };
    choices: ChoiceView[];
    sources: SourceView[];
  } | null;
  timeline: TimelineEntryView[];
  ending: EndingView | null;
};

const goodWhen = (weight: number | undefined) => (!weight ? null : weight > 0 ? 'higher' : 'lower');

const pick = (record: Readonly<Record<string, number>>, keys: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => keys.has(k)));

/** Resolves source references to their sources, merging the locators cited for each. */
export function citedSources(scenario: Scenario, refs: readonly SourceRef[]): SourceView[] {
  const { sources } = indexScenario(scenario);
  const byId = new Map<string, SourceView>();
  for (const ref of refs) {
    const source = sources.get(ref.source);
    if (!source) continue;
    const entry = byId.get(source.id) ?? { ...source, locators: [] };
    if (ref.locator && !entry.locators.includes(ref.locator)) entry.locators.push(ref.locator);
    byId.set(source.id, entry);
  }
  return [...byId.values()];
}

/**
 * The side's debrief at an ending for a run that reached it, with the notes whose condition holds on the run's
 * final state, in order. The conditions stay on the server (they would tell the player how the model works).
 * @example debriefView(state, ending, 'tehran')?.pathNotes.map((n) => n.text)
 */
export function debriefView(
  state: Pick<RunState, 'scenario' | 'metrics' | 'flags' | 'chosen'>,
  ending: Ending,
  side: string,
): DebriefView | null {
  const debrief = ending.debrief[side];
  if (!debrief) return null;
  return {
    whatHappened: resolveText(debrief.whatHappened, debrief.whatHappenedIf, state),
    pathNotes: debriefNotes(state.scenario, debrief.pathNotes)
      .filter((note) => holds(note.when, state))
      .map((note) => ({ text: note.text, sources: citedSources(state.scenario, note.sources ?? []) })),
    analysis: resolveText(debrief.analysis, debrief.analysisIf, state),
    questions: debrief.questions,
  };
}

/** A side's decisions on the path history took, for drawing beside the player's. */
export function historicalPath(scenario: Scenario, side: string) {
  const index = indexScenario(scenario);
  return historicalRun(scenario)
    .path.filter((p) => p.kind !== 'event' && index.nodes.get(p.nodeId)?.side === side)
    .map((p) => {
      const node = index.nodes.get(p.nodeId)!;
      const choice = index.choices.get(p.choiceId!)!.choice;
      return { nodeId: node.id, title: node.title, choice: { id: choice.id, label: choice.label } };
    });
}

/**
 * Exactly what the player may see now: their side's briefing and metrics, the decision on offer (labels only,
 * never effects, feedback, next or the historical mark), and what has happened so far. The debrief, the score
 * and the historical comparison appear only once the run has ended.
 */
export function view(state: RunState): View {
  const { scenario, side } = state;
  const index = indexScenario(scenario);
  const sideDef = index.sides.get(side)!;
  const visible = new Set(scenario.metrics.filter((m) => metricVisibleTo(m, side)).map((m) => m.id));

  // Each step's text is resolved on the state right after that step, so a timeline never changes afterwards.
  const contexts = stepContexts(scenario, state.path);
  const timeline: TimelineEntryView[] = state.path.map((step, i) => {
    const node = index.nodes.get(step.nodeId)!;
    const choice = step.choiceId ? index.choices.get(step.choiceId)?.choice : undefined;
    const ctx = contexts[i]!;
    const text =
      step.kind === 'decision'
        ? choice
          ? resolveText(choice.feedback, choice.feedbackIf, ctx)
          : ''
        : step.kind === 'counterpart'
          ? (choice?.seenByOthers ?? choice?.label ?? '')
          : [resolveText(node.body, node.bodyIf, ctx), node.private?.[side]].filter(Boolean).join('\n\n');
    return {
      kind: step.kind,
      nodeId: node.id,
      side: node.side,
      title: node.title,
      text,
      ...(choice ? { choice: { id: choice.id, label: choice.label } } : {}),
      ...(step.justification ? { justification: step.justification } : {}),
      changes: pick(step.delta, visible),
      metrics: pick(step.metrics, visible),
    };
  });

  const node = state.nodeId ? index.nodes.get(state.nodeId) : undefined;
  const decision = node
    ? {
        nodeId: node.id,
        title: node.title,
        body: resolveText(node.body, node.bodyIf, state),
        ...(node.private?.[side] ? { private: node.private[side] } : {}),
        ...(node.timeLimit ? { timeLimit: node.timeLimit } : {}),
        choices: (node.choices ?? []).map((c) => ({
          id: c.id,
          label: c.label,
          ...(c.detail ? { detail: c.detail } : {}),
          ...(c.justify ? { justify: c.justify } : {}),
        })),
        sources: citedSources(scenario, node.sources),
      }
    : null;

  let ending: EndingView | null = null;
  const endingDef = state.endingId ? index.endings.get(state.endingId) : undefined;
  if (endingDef) {
    const result = score(state);
    const onPath = historicalNodeIds(scenario);
    const comparison = state.path
      .filter((p) => p.kind === 'decision')
      .map((p) => {
        const stepNode = index.nodes.get(p.nodeId)!;
        const chosen = index.choices.get(p.choiceId!)!.choice;
        const historical = stepNode.choices?.find((c) => c.historical);
        return {
          nodeId: stepNode.id,
          title: stepNode.title,
          chosen: { id: chosen.id, label: chosen.label },
          historical: historical ? { id: historical.id, label: historical.label } : null,
          matched: Boolean(chosen.historical),
          onHistoricalPath: onPath.has(stepNode.id),
          counted: onPath.has(stepNode.id) && !stepNode.contested,
        };
      });
    const refs = [
      ...state.path.flatMap((p) => [
        ...index.nodes.get(p.nodeId)!.sources,
        ...(p.choiceId ? (index.choices.get(p.choiceId)?.choice.sources ?? []) : []),
      ]),
      ...endingDef.sources,
    ];
    ending = {
      id: endingDef.id,
      title: endingDef.title,
      text: resolveText(endingDef.text, endingDef.textIf, state),
      historical: Boolean(endingDef.historical),
      debrief: debriefView(state, endingDef, side),
      score: result.score,
      parts: result.parts.map((p) => ({ ...p, label: index.metrics.get(p.metric)?.label ?? p.metric })),
      historicalAlignment: result.historicalAlignment,
      comparison,
      historicalPath: historicalPath(scenario, side),
      sources: citedSources(scenario, refs),
    };
  }

  return {
    scenario: { slug: scenario.slug, title: scenario.title },
    side: { id: sideDef.id, label: sideDef.label, actor: sideDef.actor },
    briefing: sideDef.briefing,
    status: state.nodeId === null ? 'ended' : 'deciding',
    step: state.decisions.length,
    metrics: scenario.metrics
      .filter((m) => visible.has(m.id))
      .map((m) => ({
        id: m.id,
        label: m.label,
        description: m.description,
        value: state.metrics[m.id]!,
        min: m.min,
        max: m.max,
        owner: m.owner,
        goodWhen: goodWhen(scenario.scoring[side]?.[m.id]),
      })),
    decision,
    timeline,
    ending,
  };
}
