import { LIMITS } from '../engine';
import { ApiError } from './errors';

/** The largest request body a route takes, checked before the body is read (middleware/body-limit.ts). */
export const BODY_LIMITS = {
  /** Everything but scenario files: a choice with its justification, a cohort, a sign-in are a few hundred bytes. */
  defaultBytes: 64 * 1024,
  /** Studio saves and import carry a whole scenario, plus a little room for the envelope around it. */
  scenarioBytes: LIMITS.scenarioBytes + 64 * 1024,
} as const;

/** The one "too large" error: 413 `too_large`, whatever is too large. */
export const tooLarge = (message: string) => new ApiError(413, 'too_large', message);

/**
 * Refuses a scenario over the size limit with 413, before anything is stored; returns its size. It takes the
 * scenario as stored (compact JSON), so a caller stringifies it once for the check, the row and the validator.
 * @example const bytes = checkScenarioSize(text); validateScenario(content, { bytes })
 */
export function checkScenarioSize(json: string): number {
  const bytes = new TextEncoder().encode(json).length;
  if (bytes > LIMITS.scenarioBytes) {
    throw tooLarge(
      `The scenario is ${(bytes / 1e6).toFixed(1)} MB; the limit is ${LIMITS.scenarioBytes / 1e6} MB.`,
    );
  }
  return bytes;
}
