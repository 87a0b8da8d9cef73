import type { EndingClaims } from './types';

// Owned by the scenario's engineer: see /work/wt/notes/content-team.md.
export default {} satisfies EndingClaims;
