/** The reserved target that ends a run with the first ending whose conditions hold. */
export const END = 'END';

/** The metric owner meaning "both sides see it" (an escalation level, say). */
export const SHARED = 'shared';

/** The "side" of a run in which every side's decisions are made by people (a live session's team mode). */
export const EVERY_SIDE = '*';

/** Size limits on every text field and on the whole scenario, so authored files stay playable. */
export const LIMITS = {
  id: 64,
  label: 200,
  shortText: 1_000,
  markdown: 8_000,
  listItems: 2_000,
  /** Below D1's 2 MB cap on a row, which holds the file with its title and hash (and JSON escapes grow it). */
  scenarioBytes: 1_500_000,
} as const;
