import type { EndingClaims } from './types';

// Owned by the scenario's engineer: see /work/wt/notes/content-team.md.
// Each claim is a path fact the ending's title, text or debrief asserts, written from the choices themselves
// (not from the flags the ending's `when` reads), so a wrong `when` or a new branch shows up here.

const iranStruck = { chose: 't-strike-yes' };
const pakistanStruck = { any: [{ chose: 'p-ret-limited' }, { chose: 'p-ret-hard' }] };
const iranStruckTwice = { any: [{ chose: 't-reaction-strike' }, { chose: 't-esc-again' }] };
const pakistanStruckTwice = { chose: 'p-cycle-strike' };
const stateTargetsHit = {
  any: [
    { chose: 't-target-state' },
    { chose: 't-reply-military' },
    { chose: 'p-ret-hard' },
    { chose: 'p-targets-both' },
  ],
};
const eachStruckOnce = {
  all: [iranStruck, pakistanStruck, { not: iranStruckTwice }, { not: pakistanStruckTwice }],
};
const resetHeldBack = { any: [{ not: { chose: 't-restore-quick' } }, { not: { chose: 'p-restore-quick' } }] };

export default {
  'regional-flare-up': [
    {
      claim: 'the exchange does not stop at one round (Iran struck again)',
      holds: { all: [iranStruck, pakistanStruck, iranStruckTwice] },
    },
  ],
  'tit-for-tat': [
    { claim: 'Iran has struck twice', holds: { all: [iranStruck, iranStruckTwice] } },
    { claim: 'and so has Pakistan', holds: { all: [pakistanStruck, pakistanStruckTwice] } },
  ],
  'second-round': [
    {
      claim: "Iran answered Pakistan's strike with a second strike",
      holds: { all: [iranStruck, pakistanStruck, iranStruckTwice] },
    },
    {
      claim: 'Pakistan did not strike again and turned to China',
      holds: { all: [{ chose: 'p-cycle-absorb' }, { not: pakistanStruckTwice }] },
    },
  ],
  'forces-hit': [
    { claim: 'each side struck once', holds: eachStruckOnce },
    { claim: "at least one side hit the other's forces", holds: stateTargetsHit },
  ],
  'three-front-crisis': [
    { claim: 'an Iran embittered by an exchange of strikes', holds: { all: [iranStruck, pakistanStruck] } },
  ],
  'cold-border': [
    {
      claim: 'the shooting stops after strikes on both sides',
      holds: { all: [iranStruck, pakistanStruck, { not: pakistanStruckTwice }] },
    },
    { claim: 'at least one side holds back the reset', holds: resetHeldBack },
  ],
  'deterrence-worn': [
    {
      claim: 'Iran struck first, was struck back, and did not answer',
      holds: { all: [iranStruck, pakistanStruck, { not: iranStruckTwice }] },
    },
  ],
  'managed-de-escalation': [
    { claim: 'each side strikes once', holds: eachStruckOnce },
    { claim: 'at targets it calls militant hideouts', holds: { not: stateTargetsHit } },
    {
      claim: 'neither holds back the reset',
      holds: { all: [{ not: { chose: 't-restore-wait' } }, { not: { chose: 'p-restore-keep' } }] },
    },
    {
      claim: 'the Saravan killings do not derail it',
      holds: { all: [{ chose: 'p-sirkan-carry' }, { chose: 't-sirkan-proceed' }] },
    },
  ],
  'uneasy-close': [
    { claim: 'the strikes stop without a wider war (one round each way)', holds: eachStruckOnce },
    {
      claim: 'the reset was shaken along the way',
      holds: {
        any: [{ chose: 'p-sirkan-suspend' }, { chose: 'p-sirkan-blame' }, { chose: 't-sirkan-postpone' }],
      },
    },
  ],
  'precedent-left': [
    {
      claim: 'Iran struck and Pakistan does not strike back',
      holds: { all: [iranStruck, { chose: 'p-ret-none' }, { not: pakistanStruck }] },
    },
  ],
  'quiet-pressure': [
    {
      claim: 'no cross-border strike',
      holds: { all: [{ chose: 't-strike-no' }, { not: iranStruck }, { not: pakistanStruck }] },
    },
  ],
} satisfies EndingClaims;
