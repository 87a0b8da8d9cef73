/**
 * The scenario validator's public entry: the schema (zod), parsing scenario text and every check on a scenario.
 * It imports zod, so the player's page must not import it; the runtime is `api/engine` (its index).
 * @example
 * const parsed = parseScenarioText(text);
 * const result = parsed.ok ? validateScenario(parsed.value) : null;
 */
export { LIMITS, scenarioJsonSchema, scenarioSchema } from '../schema';
export type { Problem, ProblemRule, ValidationResult } from './problems';
export { parseScenarioText, validateScenario } from './validate';
