import type { EndingClaims } from './types';

// Owned by the tehran scenario engineer: see /work/wt/notes/content-team.md.
// Each claim is a path fact the ending's title, text or debrief asserts, written from the choices made (not from the
// flags its `when` reads), so a wrong `when` is caught.
const iranStruck = { any: [{ chose: 'strike-yes' }, { chose: 'response-strike-now' }] };
const pakistanStruck = { any: [{ chose: 'answer-militants' }, { chose: 'answer-state' }] };
const iranStruckOnce = { all: [iranStruck, { not: { chose: 'after-strike' } }] };
const pakistanStruckOnce = { all: [pakistanStruck, { not: { chose: 'again-strike' } }] };

export default {
  'regional-flare-up': [
    { claim: 'Iran struck inside Pakistan', holds: iranStruck },
    { claim: 'Pakistan struck inside Iran ("both ways")', holds: pakistanStruck },
    { claim: 'escalation is high', holds: { metric: 'escalation', op: '>=', value: 70 } },
  ],
  'tit-for-tat': [
    { claim: 'Iran struck twice', holds: { all: [iranStruck, { chose: 'after-strike' }] } },
    { claim: 'Pakistan answered twice', holds: { all: [pakistanStruck, { chose: 'again-strike' }] } },
  ],
  'last-word': [
    {
      claim: "Iran answered Pakistan's strike with a second one",
      holds: { all: [pakistanStruck, { chose: 'after-strike' }] },
    },
    {
      claim: 'Pakistan did not strike again and asked China to broker a halt',
      holds: { chose: 'again-absorb' },
    },
  ],
  'forces-hit': [
    { claim: 'Pakistan struck Iranian forces', holds: { chose: 'answer-state' } },
    { claim: 'Iran did not strike back', holds: { not: { chose: 'after-strike' } } },
  ],
  unanswered: [
    { claim: 'Iran struck inside Pakistan', holds: iranStruck },
    { claim: 'Pakistan did not strike back', holds: { not: pakistanStruck } },
    { claim: 'Islamabad answered with diplomacy alone', holds: { chose: 'answer-none' } },
  ],
  'red-lines-eroded': [
    { claim: 'one strike each', holds: { all: [iranStruckOnce, pakistanStruckOnce] } },
    {
      claim: 'more of the principle conceded than on the historical path (38)',
      holds: { metric: 'ir_red_lines', op: '<', value: 38 },
    },
  ],
  frozen: [
    { claim: 'each side struck once', holds: { all: [iranStruckOnce, pakistanStruckOnce] } },
    { claim: 'no quick reset', holds: { not: { chose: 'restore-quick' } } },
    { claim: 'ties stay low', holds: { metric: 'ties', op: '<=', value: 30 } },
  ],
  'december-exchange': [
    { claim: 'Iran struck in December', holds: { chose: 'response-strike-now' } },
    { claim: 'it struck on its own, not in the January wave', holds: { not: { chose: 'signal-wave' } } },
    { claim: 'Pakistan answered', holds: pakistanStruck },
    { claim: 'neither side struck again', holds: { all: [iranStruckOnce, pakistanStruckOnce] } },
  ],
  'de-escalation': [
    { claim: 'each side strikes once', holds: { all: [iranStruckOnce, pakistanStruckOnce] } },
    { claim: 'the strike came in January, not December', holds: { chose: 'strike-yes' } },
    { claim: 'Pakistan hit militants, not Iranian forces', holds: { chose: 'answer-militants' } },
    { claim: 'the ambassadors return', holds: { chose: 'restore-quick' } },
    { claim: 'the visit goes ahead', holds: { chose: 'visit-proceed' } },
  ],
  'quiet-pressure': [
    { claim: 'no strike', holds: { not: iranStruck } },
    { claim: 'no counter-strike', holds: { not: pakistanStruck } },
    {
      claim: 'mechanisms proposed',
      holds: { any: [{ chose: 'mechanism-joint' }, { chose: 'mechanism-warning' }] },
    },
  ],
  unsettled: [
    {
      claim: 'the strikes stopped short of a spiral',
      holds: { all: [{ not: { chose: 'again-strike' } }, { metric: 'escalation', op: '<', value: 80 }] },
    },
    {
      claim: 'without the quick, complete reset (quick restore and the visit)',
      holds: { not: { all: [{ chose: 'restore-quick' }, { chose: 'visit-proceed' }] } },
    },
  ],
} satisfies EndingClaims;
