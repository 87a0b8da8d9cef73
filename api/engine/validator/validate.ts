import { LIMITS, scenarioSchema } from '../schema';
import { DEPTH, tooDeep } from '../depth';
import { analyseGraph } from './graph';
import { locateJsonError } from './json-position';
import type { Problem, ValidationResult } from './problems';
import { checkReferences } from './references';
import { verifyExactly } from './exact';
import { checkWarnings } from './check-warnings';

/**
 * Parses scenario JSON text; a syntax error becomes a problem with its line and column.
 * @example parseScenarioText('{"a": }') // { ok: false, problem: { message: 'Invalid JSON at line 1, column 7: expected a value.' } }
 */
export function parseScenarioText(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { line, column, reason } = locateJsonError(text);
    return {
      ok: false,
      problem: {
        path: '',
        rule: 'json',
        message: `Invalid JSON at line ${line}, column ${column}: ${reason}.`,
      },
    };
  }
}

const issuePath = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );

/**
 * Checks a scenario and returns every problem found, not just the first: schema errors, broken references,
 * unreachable or dead-end nodes, loops with no way out, endings and conditions no run can reach, metrics
 * pushed out of range, decisions with no historical choice and nodes that cite nothing. A caller that already
 * measured the input as compact JSON passes `bytes`, so a large scenario is not stringified again; `exact` adds
 * the exact walk (guards proven on every reachable state, see `walkSide`).
 */
export function validateScenario(
  input: unknown,
  measured: { bytes?: number; exact?: boolean; maxStates?: number } = {},
): ValidationResult {
  const problems: Problem[] = [];
  if (input !== null && typeof input === 'object') {
    const bytes = measured.bytes ?? new TextEncoder().encode(JSON.stringify(input)).length;
    if (bytes > LIMITS.scenarioBytes) {
      problems.push({
        path: '',
        rule: 'size',
        message: `The scenario is ${(bytes / 1e6).toFixed(1)} MB; the limit is ${LIMITS.scenarioBytes / 1e6} MB.`,
      });
      return { ok: false, scenario: null, problems };
    }
  }
  // Parsing recurses once per level: input nested deeper than any valid file is refused before it.
  const deep = tooDeep(input, DEPTH.json);
  if (deep !== null) {
    problems.push({
      path: deep,
      rule: 'depth',
      message: `Nested more than ${DEPTH.json} levels deep here; no scenario needs that many.`,
    });
    return { ok: false, scenario: null, problems };
  }
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const rule = issue.code === 'custom' && issue.params?.rule === 'depth' ? 'depth' : 'schema';
      problems.push({ path: issuePath(issue.path), rule, message: issue.message });
    }
    return { ok: false, scenario: null, problems };
  }
  const scenario = parsed.data;
  checkReferences(scenario, problems);
  // Graph checks assume the references hold; with broken ones they would only add noise.
  if (problems.length === 0) analyseGraph(scenario, problems);
  // The exact walk proves every guard; it visits every state, so it runs where time allows (the command line,
  // the studio's worker), not on a request in the Worker.
  const warnings = checkWarnings(scenario);
  if (problems.length === 0 && measured.exact)
    verifyExactly(scenario, problems, measured.maxStates, warnings);
  return problems.length === 0
    ? { ok: true, scenario, problems: [], warnings }
    : { ok: false, scenario, problems, warnings };
}
