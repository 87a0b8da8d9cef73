import type { Condition } from '../../../api/engine';

/**
 * Per ending id, the path facts its title, text and debrief assert, each written as a condition independent of
 * the ending's `when`: every run that reaches the ending must satisfy every one (tests/unit/ending-claims.test.ts).
 * @example { 'tit-for-tat': [{ claim: 'Iran strikes once', holds: { not: { chose: 't-strike-twice' } } }] }
 */
export type EndingClaims = Record<string, { claim: string; holds: Condition }[]>;
