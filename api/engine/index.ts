/**
 * The scenario engine: pure TypeScript with no Hono, D1, DOM or Workers imports, shared by the API, the
 * authoring studio and live sessions. The runtime (`start`, `choose`, `view`, `score`, `replay`) does not
 * import the schema library, so the player's page can use it without zod; the validator does.
 */
export { END, EVERY_SIDE, SHARED } from './constants';
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
  debriefView,
  view,
  type View,
  type TimelineEntryView,
  type EndingView,
  type ChoiceView,
  type MetricView,
  type DebriefView,
  type PathNoteView,
} from './view';
export type {
  Scenario,
  ScenarioNode,
  Choice,
  Condition,
  Ending,
  Metric,
  Side,
  Source,
  PathNote,
} from './schema';
export {
  answerCheck,
  checksPayload,
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
} from './checks';
export type { Check, CheckPlacement } from './schema';
