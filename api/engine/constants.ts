/** The reserved target that ends a run with the first ending whose conditions hold. */
export const END = 'END';

/** The metric owner meaning "both sides see it" (an escalation level, say). */
export const SHARED = 'shared';
