/** The validator's entry point (imports zod; keep it out of the player's bundle). */
export { LIMITS, scenarioJsonSchema, scenarioSchema } from './schema';
export {
  parseScenarioText,
  validateScenario,
  type Problem,
  type ProblemRule,
  type ValidationResult,
} from './validate';
