/// <reference lib="webworker" />
// The validator runs here, off the main thread: on a 1,000-node draft it takes a few hundred milliseconds,
// which would otherwise freeze typing after every pause.
import { historicalRun, type Scenario } from '../../../api/engine';
import { validateScenario, type Problem } from '../../../api/engine/validator';

export type CheckRequest = { id: number; scenario: unknown; withScenario: boolean };
/**
 * The verdict, small enough to pass back cheaply: the parsed scenario (as large as the draft, and costly to copy
 * back on the main thread) comes only when the preview asked for it.
 */
export type CheckReply = {
  id: number;
  problems: Problem[];
  /** The draft's structure is complete: it parses, so the preview and the historical path can work on it. */
  structured: boolean;
  /** The nodes the historical choices pass through and the ending they reach, for the graph's highlight. */
  historical: { nodeIds: string[]; endingId: string | null } | null;
  scenario: Scenario | null;
  took: number;
};

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  const began = performance.now();
  // The exact walk proves guards too, within a budget: a draft too large for it here (the flagship) is proven by
  // `npm run scenario:check`, so running out of budget is only a warning (`walk-incomplete`), never a problem.
  const { scenario, problems } = validateScenario(event.data.scenario, { exact: true, maxStates: 20_000 });
  const history = scenario ? historicalRun(scenario) : null;
  scope.postMessage({
    id: event.data.id,
    problems,
    structured: scenario !== null,
    historical: history ? { nodeIds: history.path.map((p) => p.nodeId), endingId: history.endingId } : null,
    scenario: event.data.withScenario ? scenario : null,
    took: performance.now() - began,
  } satisfies CheckReply);
};
