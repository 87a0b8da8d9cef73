/** The reserved target that ends a run with the first ending whose conditions hold. */
export const END = 'END';

/** The metric owner meaning "both sides see it" (an escalation level, say). */
export const SHARED = 'shared';

/** The "side" of a run in which every side's decisions are made by people (a live session's team mode). */
export const EVERY_SIDE = '*';
