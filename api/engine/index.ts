/**
 * The scenario engine's runtime entry: pure TypeScript with no Hono, D1, DOM or Workers imports, shared by the
 * API, the authoring studio and live sessions. Nothing here imports the schema library (zod), so the player's
 * page can use it; the validator, which does, has its own entry: `api/engine/validator`.
 * @example
 * const run = start(scenario, side, seed);
 * const next = run.ok ? choose(run.value, choiceId) : run;
 */
export { END, EVERY_SIDE, LIMITS, SHARED } from './constants';
export { holds, type ConditionContext } from './conditions';
export { debriefNotes, resolveText, stepContexts } from './text';
export {
  choose,
  historicalNodeIds,
  historicalRun,
  replay,
  score,
  scoreSide,
  start,
  stepBack,
  type Decision,
  type EngineError,
  type EngineErrorCode,
  type PathStep,
  type Result,
  type RunState,
  type Score,
} from './engine';
export {
  citedSources,
  debriefView,
  view,
  type SourceView,
  type View,
  type TimelineEntryView,
  type EndingView,
  type ChoiceView,
  type MetricView,
  type DebriefView,
  type PathNoteView,
} from './view';
// Types only: a value import from './schema' would bring zod into the player's bundle.
export type {
  Scenario,
  ScenarioNode,
  Choice,
  Condition,
  Counterpart,
  Debrief,
  Ending,
  Metric,
  Next,
  Side,
  Source,
  SourceRef,
  PathNote,
  Fragment,
} from './schema';
export {
  answerCheck,
  checksPayload,
  shuffledOptions,
  type ChecksPayload,
  checksView,
  isCorrect,
  knowledge,
  slotOpen,
  CHECK_SLOTS,
  type CheckAnswer,
  type CheckChange,
  type CheckErrorCode,
  type CheckResult,
  type CheckSlot,
  type CheckView,
  type KnowledgeView,
  type AskingRun,
} from './checks';
export type { Check, CheckPlacement } from './schema';
export {
  alwaysOneHolds,
  walkSide,
  walkSides,
  type SideWalk,
  type ChoiceStats,
  type TextFinding,
  type WalkStep,
} from './walk';
export { clipDepth, DEPTH, tooDeep } from './depth';
export {
  exactReport,
  formatExactReport,
  type ExactSideReport,
  formatReport,
  scenarioReport,
  simulate,
  type PlayerPolicy,
  type ScenarioReport,
  type SideReport,
  type SimulatedRun,
} from './report';
