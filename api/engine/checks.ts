import type { RunState } from './engine';
import { unitFromKey } from './rng';
import type { Check, Scenario } from './schema';
import { citedSources, type SourceView } from './view';

/** Where an answer was given: before play, after the check's node, or after the ending. */
export type CheckSlot = 'before' | 'node' | 'after';
export const CHECK_SLOTS: readonly CheckSlot[] = ['before', 'node', 'after'];

/** One answer in a run's answer log: kept apart from the decisions, so it never moves a metric. */
export type CheckAnswer = { checkId: string; slot: CheckSlot; optionIds: readonly string[] };

/** What the player may see of one asked question; the marks and explanation only once it is answered. */
export type CheckView = {
  checkId: string;
  slot: CheckSlot;
  /** The node it follows, for a check asked between decisions. */
  nodeId?: string;
  prompt: string;
  options: { id: string; label: string }[];
  /** More than one option is right ("choose all that apply"); says how to answer, not which. */
  selectMany: boolean;
  /** Null until answered; a `before` answer is sealed (`revealed: false`) until the run has ended. */
  answer:
    | { optionIds: string[]; revealed: false }
    | {
        optionIds: string[];
        revealed: true;
        correct: boolean;
        correctOptionIds: string[];
        explanation: string;
        sources: SourceView[];
      }
    | null;
};

/** A question asked both before and after: whether each answer was right. */
export type CheckChange = { checkId: string; prompt: string; before: boolean; after: boolean };

/** The run's knowledge score and, over questions asked before and after, its learning gain. */
export type KnowledgeView = {
  /** Questions the run has asked so far (before play, after a node it passed, after its ending). */
  asked: number;
  /** Questions answered at least once. */
  answered: number;
  /** Of those, right at their latest answer. */
  correct: number;
  /**
   * Questions the score counts: once the run has ended every asked one (an unanswered one is wrong); before that the
   * answered ones and those that can no longer be answered.
   */
  counted: number;
  /** `correct / counted`, or null while nothing counts. */
  score: number | null;
  /** Share right after minus share right before, over the questions answered both times (−1 to 1); null without such a pair. */
  gain: number | null;
  changes: CheckChange[];
};

/** What of a run decides which questions it asked: its path and whether it has ended (a `RunState` will do). */
export type AskingRun = Pick<RunState, 'scenario' | 'endingId'> & {
  path: readonly { nodeId: string }[];
  decisions: readonly unknown[];
};

export type CheckErrorCode = 'unknown_check' | 'unknown_option' | 'check_not_open' | 'already_answered';
export type CheckResult =
  | { ok: true; answer: CheckAnswer; correct: boolean; repeated: boolean }
  | { ok: false; error: { code: CheckErrorCode; message: string } };

const checkIndexes = new WeakMap<Scenario, Map<string, Check>>();
function checksOf(scenario: Scenario): Map<string, Check> {
  let index = checkIndexes.get(scenario);
  if (!index) checkIndexes.set(scenario, (index = new Map((scenario.checks ?? []).map((c) => [c.id, c]))));
  return index;
}

/**
 * A question's options in an order shuffled by a key (a run's seed and the question and slot, or a live question's
 * id): the same key always gives the same order, so a reload keeps it, and the right option's place in the file
 * tells the player nothing.
 * @example shuffledOptions(check.options, `${run.seed}|${check.id}|before`)
 */
export function shuffledOptions<T>(options: readonly T[], key: string): T[] {
  const out = [...options];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(unitFromKey(`${key}|${i}`) * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const correctIds = (check: Check) => check.options.filter((o) => o.correct).map((o) => o.id);

/** Right when exactly the correct options were chosen. */
export function isCorrect(check: Check, optionIds: readonly string[]): boolean {
  const right = new Set(correctIds(check));
  const chosen = new Set(optionIds);
  return chosen.size === right.size && [...chosen].every((id) => right.has(id));
}

const placementFor = (check: Check, slot: CheckSlot) => check.placements.find((p) => p.at === slot);

/**
 * Whether a question may be answered in a slot now: before play only until the first decision, after a node once
 * the run has passed it, after the ending once the run has ended.
 */
export function slotOpen(state: RunState, check: Check, slot: CheckSlot): boolean {
  const placement = placementFor(check, slot);
  if (!placement) return false;
  if (placement.at === 'before') return state.decisions.length === 0 && state.endingId === null;
  if (placement.at === 'node') return state.path.some((p) => p.nodeId === placement.node);
  return state.endingId !== null;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * Checks an answer against the run: the question and options exist, the slot is open, and it is the first answer
 * there (the same answer again is a retry and `repeated`; a different one is refused).
 * @example answerCheck(state, [], { checkId: 'who-claimed', slot: 'before', optionIds: ['jaish'] })
 */
export function answerCheck(
  state: RunState,
  answers: readonly CheckAnswer[],
  answer: CheckAnswer,
): CheckResult {
  const check = checksOf(state.scenario).get(answer.checkId);
  if (!check || !placementFor(check, answer.slot)) {
    return {
      ok: false,
      error: {
        code: 'unknown_check',
        message: `There is no question "${answer.checkId}" asked ${answer.slot === 'node' ? 'during play' : answer.slot}.`,
      },
    };
  }
  const optionIds = [...new Set(answer.optionIds)];
  if (optionIds.length === 0 || optionIds.some((id) => !check.options.some((o) => o.id === id))) {
    return {
      ok: false,
      error: { code: 'unknown_option', message: "Choose one or more of the question's options." },
    };
  }
  if (optionIds.length > 1 && correctIds(check).length === 1) {
    return { ok: false, error: { code: 'unknown_option', message: 'This question takes one answer.' } };
  }
  const earlier = answers.find((a) => a.checkId === answer.checkId && a.slot === answer.slot);
  const normalized = { checkId: answer.checkId, slot: answer.slot, optionIds };
  if (earlier) {
    if (sameSet(earlier.optionIds, optionIds))
      return { ok: true, answer: normalized, correct: isCorrect(check, optionIds), repeated: true };
    return {
      ok: false,
      error: { code: 'already_answered', message: 'This question was already answered here.' },
    };
  }
  if (!slotOpen(state, check, answer.slot)) {
    return {
      ok: false,
      error: {
        code: 'check_not_open',
        message:
          answer.slot === 'before'
            ? 'The questions before play close at the first decision.'
            : 'This question is not open yet.',
      },
    };
  }
  return { ok: true, answer: normalized, correct: isCorrect(check, optionIds), repeated: false };
}

/**
 * Whether an answer is sealed: a `before` answer until the run has ended. Revealing it at once would hand the player
 * the right options to give when the same question is asked again, and so a learning gain for nothing.
 */
const sealed = (state: RunState, answer: CheckAnswer) => answer.slot === 'before' && state.nodeId !== null;

/**
 * Every question the player may see now: the open ones and those already answered, in the file's order. Correct
 * marks, the explanation and the sources appear only on an answered slot, and on a `before` one only once the run
 * has ended (`sealed`).
 */
export function checksView(state: RunState, answers: readonly CheckAnswer[]): CheckView[] {
  const out: CheckView[] = [];
  for (const check of state.scenario.checks ?? []) {
    for (const placement of check.placements) {
      const slot = placement.at;
      const given = answers.find((a) => a.checkId === check.id && a.slot === slot);
      if (!given && !slotOpen(state, check, slot)) continue;
      out.push({
        checkId: check.id,
        slot,
        ...(placement.at === 'node' ? { nodeId: placement.node } : {}),
        prompt: check.prompt,
        options: shuffledOptions(check.options, `${state.seed}|${check.id}|${slot}`).map((o) => ({
          id: o.id,
          label: o.label,
        })),
        selectMany: correctIds(check).length > 1,
        answer: !given
          ? null
          : sealed(state, given)
            ? { optionIds: [...given.optionIds], revealed: false }
            : {
                optionIds: [...given.optionIds],
                revealed: true,
                correct: isCorrect(check, given.optionIds),
                correctOptionIds: correctIds(check),
                explanation: check.explanation,
                sources: citedSources(state.scenario, check.sources),
              },
      });
    }
  }
  return out;
}

const slotRank: Record<CheckSlot, number> = { before: 0, node: 1, after: 2 };

/**
 * The knowledge score and the learning gain over questions answered before play and again later (after the node or
 * the ending, the latest). The score counts every question the run asked: right at its latest answer over all asked
 * once the run has ended, so leaving questions unanswered never raises it; while the run goes on, a question still
 * open (or still to be asked again) waits. Decision metrics play no part.
 * @example knowledge(state, answers).gain // 0.5: half the before/after questions went from wrong to right
 */
export function knowledge(run: AskingRun, answers: readonly CheckAnswer[]): KnowledgeView {
  const checks = checksOf(run.scenario);
  const byCheck = new Map<string, CheckAnswer[]>();
  for (const a of answers)
    if (checks.has(a.checkId)) byCheck.set(a.checkId, [...(byCheck.get(a.checkId) ?? []), a]);
  const ended = run.endingId !== null;
  const passed = new Set(run.path.map((p) => p.nodeId));
  let asked = 0;
  let closedUnanswered = 0;
  for (const check of checks.values()) {
    const placements = check.placements;
    const isAsked = placements.some(
      (p) => p.at === 'before' || (p.at === 'node' ? passed.has(p.node) : ended),
    );
    if (!isAsked) continue;
    asked += 1;
    if (byCheck.has(check.id)) continue;
    // Unanswered: wrong once the run has ended, or once its only chance (before the first decision) has gone.
    const stillOpen = placements.some((p) =>
      p.at === 'before' ? run.decisions.length === 0 && !ended : !ended,
    );
    if (!stillOpen) closedUnanswered += 1;
  }
  let correct = 0;
  const changes: CheckChange[] = [];
  for (const [checkId, given] of byCheck) {
    const check = checks.get(checkId)!;
    const ordered = [...given].sort((a, b) => slotRank[a.slot] - slotRank[b.slot]);
    const latest = ordered.at(-1)!;
    if (isCorrect(check, latest.optionIds)) correct += 1;
    const first = ordered[0]!;
    if (first.slot === 'before' && latest.slot !== 'before') {
      changes.push({
        checkId,
        prompt: check.prompt,
        before: isCorrect(check, first.optionIds),
        after: isCorrect(check, latest.optionIds),
      });
    }
  }
  const answered = byCheck.size;
  const counted = answered + closedUnanswered;
  const gain =
    changes.length === 0
      ? null
      : changes.reduce((sum, c) => sum + Number(c.after) - Number(c.before), 0) / changes.length;
  return {
    asked: Math.max(asked, answered),
    answered,
    correct,
    counted,
    score: counted === 0 ? null : correct / counted,
    gain,
    changes,
  };
}

/** What a run response carries of its knowledge checks: the questions in view and the knowledge score so far. */
export type ChecksPayload = { items: CheckView[]; knowledge: KnowledgeView };

/** The questions the player may see now and their knowledge score (over the answers not sealed, so it tells nothing either). */
export const checksPayload = (state: RunState, answers: readonly CheckAnswer[]): ChecksPayload => ({
  items: checksView(state, answers),
  knowledge: knowledge(
    state,
    answers.filter((a) => !sealed(state, a)),
  ),
});
