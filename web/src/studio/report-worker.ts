/// <reference lib="webworker" />
// The play-test report simulates hundreds of runs per side (a second or more on a large draft): off the main thread.
import { scenarioReport, type ScenarioReport } from '../../../api/engine';
import { validateScenario } from '../../../api/engine/validator';

export type ReportRequest = { id: number; scenario: unknown; runs: number };
export type ReportReply = { id: number; report: ScenarioReport | null; error: string | null; took: number };

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<ReportRequest>) => {
  const began = performance.now();
  const { scenario } = validateScenario(event.data.scenario);
  let reply: Omit<ReportReply, 'id' | 'took'>;
  try {
    reply = scenario
      ? { report: scenarioReport(scenario, event.data.runs), error: null }
      : { report: null, error: 'The draft does not parse yet: fix the problems listed above first.' };
  } catch (error) {
    reply = { report: null, error: `The draft cannot be played: ${(error as Error).message}` };
  }
  scope.postMessage({ id: event.data.id, ...reply, took: performance.now() - began } satisfies ReportReply);
};
