/// <reference lib="webworker" />
// The validator runs here, off the main thread: on a 1,000-node draft it takes a few hundred milliseconds,
// which would otherwise freeze typing after every pause.
import { validateScenario, type ValidationResult } from '../../../api/engine/validation';

export type CheckRequest = { id: number; scenario: unknown };
export type CheckReply = { id: number; result: ValidationResult; took: number };

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<CheckRequest>) => {
  const began = performance.now();
  const result = validateScenario(event.data.scenario);
  scope.postMessage({ id: event.data.id, result, took: performance.now() - began } satisfies CheckReply);
};
