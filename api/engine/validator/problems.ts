import type { Scenario } from '../schema';

/** One thing wrong with a scenario, with where it is (a path into the file) and a plain message. */
export type Problem = {
  path: string;
  message: string;
  rule: ProblemRule;
  /** The node, choice or ending the problem sits on, so an editor can link to it. */
  at?: { nodeId?: string; choiceId?: string; endingId?: string; checkId?: string };
};

export type ProblemRule =
  | 'json'
  | 'schema'
  | 'size'
  | 'depth'
  | 'duplicate-id'
  | 'missing-reference'
  | 'structure'
  | 'unreachable-node'
  | 'dead-end'
  | 'endless-loop'
  | 'unreachable-ending'
  | 'unsatisfiable-condition'
  | 'no-matching-ending'
  | 'metric-out-of-range'
  | 'no-historical-choice'
  | 'uncited'
  | 'no-correct-option'
  | 'guard-violated'
  | 'empty-text'
  | 'fragment-never-shown'
  | 'walk-incomplete'
  | 'answer-position'
  | 'answer-in-text';

/**
 * Problems make a scenario invalid; warnings (the exact walk's notes on knowledge checks, say) are advice an
 * author should read but that do not block publishing.
 */
export type ValidationResult =
  | { ok: true; scenario: Scenario; problems: []; warnings?: Problem[] }
  | { ok: false; scenario: Scenario | null; problems: Problem[]; warnings?: Problem[] };
