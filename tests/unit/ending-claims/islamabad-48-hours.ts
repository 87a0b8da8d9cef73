import type { EndingClaims } from './types';

// Owned by the scenario's engineer: see /work/wt/notes/content-team.md.
// The path facts each ending's title, text and debrief assert, written independently of the ending's `when`.

const pakistanStruck = { any: [{ chose: 'answer-militants' }, { chose: 'answer-state' }] };
const pakistanDidNotStrike = { not: pakistanStruck };
const iranStruckOnce = { not: { chose: 'tehran-strike' } };
const pakistanStruckOnce = { all: [pakistanStruck, { not: { chose: 'second-strike' } }] };

export default {
  precedent: [
    {
      claim: 'Pakistan answered without force',
      holds: { all: [{ chose: 'answer-pass' }, pakistanDidNotStrike] },
    },
    { claim: 'no spiral: Iran struck only once', holds: iranStruckOnce },
  ],
  'paper-protest': [
    {
      claim: 'Pakistan kept up diplomatic pressure and did not strike',
      holds: { all: [{ chose: 'answer-protest' }, pakistanDidNotStrike] },
    },
    {
      claim: 'Pakistan leaned on a partner',
      holds: { any: [{ chose: 'protest-china' }, { chose: 'protest-us' }, { chose: 'protest-saudi' }] },
    },
    { claim: 'Iran struck only once', holds: iranStruckOnce },
  ],
  'tit-for-tat': [
    { claim: 'Pakistan struck', holds: pakistanStruck },
    { claim: 'Iran struck back', holds: { chose: 'tehran-strike' } },
    { claim: 'Pakistan struck again', holds: { chose: 'second-strike' } },
  ],
  'iran-last-word': [
    { claim: 'Pakistan struck once', holds: pakistanStruckOnce },
    { claim: 'Iran struck a second time', holds: { chose: 'tehran-strike' } },
    { claim: 'Pakistan held fire and asked China to broker a halt', holds: { chose: 'second-absorb' } },
  ],
  'state-hit': [
    {
      claim: 'Pakistan struck Iranian state forces, not militant camps',
      holds: { all: [{ chose: 'answer-state' }, { not: { chose: 'answer-militants' } }] },
    },
    {
      claim: 'Tehran protested and did not strike back',
      holds: { all: [{ chose: 'tehran-protest' }, iranStruckOnce] },
    },
    { claim: 'Pakistan struck once', holds: pakistanStruckOnce },
  ],
  'three-fronts': [
    { claim: 'Pakistan struck once', holds: pakistanStruckOnce },
    { claim: 'no further strikes follow', holds: iranStruckOnce },
    { claim: 'Iran protested rather than striking back', holds: { chose: 'tehran-protest' } },
  ],
  frozen: [
    {
      claim: 'no further strikes follow',
      holds: { all: [iranStruckOnce, { not: { chose: 'second-strike' } }] },
    },
  ],
  'de-escalation': [
    {
      claim: 'Pakistan answered once, against militant camps rather than Iranian forces',
      holds: {
        all: [
          { chose: 'answer-militants' },
          { not: { chose: 'answer-state' } },
          { not: { chose: 'second-strike' } },
        ],
      },
    },
    {
      claim: 'Iran protested and did not strike again',
      holds: { all: [{ chose: 'tehran-protest' }, iranStruckOnce] },
    },
    {
      claim: 'Pakistan moved to close the crisis',
      holds: { any: [{ chose: 'nsc-balance' }, { chose: 'nsc-closed' }] },
    },
  ],
  'open-end': [
    {
      claim: 'no further strikes follow',
      holds: { all: [iranStruckOnce, { not: { chose: 'second-strike' } }] },
    },
  ],
} satisfies EndingClaims;
