import type { Scenario } from '../../api/engine';

/**
 * A small two-sided scenario that passes every check: a narrated opening, one decision per side,
 * a weighted counterpart, a conditional branch, a directly targeted ending and END-picked endings.
 */
export function fixtureScenario(): Scenario {
  return {
    formatVersion: 1,
    slug: 'fixture',
    title: 'Fixture crisis',
    summary: 'A minimal scenario for tests.',
    estimatedMinutes: 2,
    start: 'intro',
    sides: [
      { id: 'alpha', label: 'Alpha', actor: 'Alpha government', playable: true, briefing: 'ALPHA-BRIEFING' },
      { id: 'beta', label: 'Beta', actor: 'Beta government', playable: true, briefing: 'BETA-BRIEFING' },
    ],
    metrics: [
      {
        id: 'tension',
        label: 'Tension',
        description: 'Shared escalation level.',
        min: 0,
        max: 100,
        start: 50,
        owner: 'shared',
      },
      {
        id: 'alpha_standing',
        label: 'Alpha standing',
        description: 'Alpha only.',
        min: 0,
        max: 100,
        start: 50,
        owner: 'alpha',
      },
      {
        id: 'beta_standing',
        label: 'Beta standing',
        description: 'Beta only.',
        min: 0,
        max: 100,
        start: 50,
        owner: 'beta',
      },
    ],
    scoring: {
      alpha: { alpha_standing: 2, tension: -1 },
      beta: { beta_standing: 2, tension: -1 },
    },
    nodes: [
      {
        id: 'intro',
        side: null,
        title: 'An incident',
        body: 'Something happened at the border.',
        private: { alpha: 'ALPHA-PRIVATE-INTRO', beta: 'BETA-PRIVATE-INTRO' },
        sources: [{ source: 's1', locator: '§1' }],
        next: 'a1',
      },
      {
        id: 'a1',
        side: 'alpha',
        title: 'Alpha decides',
        body: 'ALPHA-NODE-BODY',
        sources: [{ source: 's1' }],
        choices: [
          {
            id: 'a1-hold',
            label: 'Hold',
            historical: true,
            effects: { metrics: { tension: -5, alpha_standing: -5 } },
            feedback: 'FEEDBACK-A1-HOLD',
            seenByOthers: 'Alpha holds back.',
            next: 'b1',
          },
          {
            id: 'a1-strike',
            label: 'Strike',
            justify: 'Why strike?',
            effects: { metrics: { tension: 20, alpha_standing: 10 }, flags: { struck: true } },
            feedback: 'FEEDBACK-A1-STRIKE',
            seenByOthers: 'Alpha strikes.',
            next: 'b1',
          },
        ],
      },
      {
        id: 'b1',
        side: 'beta',
        title: 'Beta decides',
        body: 'BETA-NODE-BODY',
        sources: [{ source: 's1' }],
        counterpart: {
          policy: 'weighted',
          weights: [
            { choice: 'b1-protest', weight: 1 },
            { choice: 'b1-retaliate', weight: 1, adjust: [{ when: { flag: 'struck', is: true }, add: 2 }] },
          ],
        },
        choices: [
          {
            id: 'b1-protest',
            label: 'Protest',
            historical: true,
            effects: { metrics: { beta_standing: 5 } },
            feedback: 'FEEDBACK-B1-PROTEST',
            next: 'END',
          },
          {
            id: 'b1-retaliate',
            label: 'Retaliate',
            effects: { metrics: { tension: 20, beta_standing: 10 } },
            feedback: 'FEEDBACK-B1-RETALIATE',
            next: {
              branches: [{ when: { metric: 'tension', op: '>=', value: 80 }, goto: 'spiral' }],
              otherwise: 'END',
            },
          },
        ],
      },
    ],
    endings: [
      {
        id: 'calm',
        title: 'Calm',
        text: 'Tension fell.',
        when: { metric: 'tension', op: '<', value: 50 },
        historical: true,
        sources: [{ source: 's1' }],
        debrief: {
          alpha: { whatHappened: 'ALPHA-DEBRIEF', analysis: 'A', questions: ['Q?'] },
          beta: { whatHappened: 'BETA-DEBRIEF', analysis: 'A', questions: ['Q?'] },
        },
      },
      {
        id: 'standoff',
        title: 'Standoff',
        text: 'Nothing settled.',
        sources: [{ source: 's1' }],
        debrief: {
          alpha: { whatHappened: 'W', analysis: 'A', questions: ['Q?'] },
          beta: { whatHappened: 'W', analysis: 'A', questions: ['Q?'] },
        },
      },
      {
        id: 'spiral',
        title: 'Spiral',
        text: 'Both struck.',
        sources: [{ source: 's1' }],
        debrief: {
          alpha: { whatHappened: 'W', analysis: 'A', questions: ['Q?'] },
          beta: { whatHappened: 'W', analysis: 'A', questions: ['Q?'] },
        },
      },
    ],
    sources: [{ id: 's1', title: 'A source', passage: 'The cited passage.' }],
  };
}

/** The fixture with three questions: one asked before and after, one after a node, one with two right options. */
export function scenarioWithChecks(): Scenario {
  const s = fixtureScenario();
  s.slug = 'fixture-checks';
  s.formatVersion = 2;
  s.checks = [
    {
      id: 'who',
      prompt: 'Who acted first?',
      options: [
        { id: 'alpha', label: 'Alpha', correct: true },
        { id: 'beta', label: 'Beta' },
      ],
      explanation: 'EXPLANATION-WHO',
      sources: [{ source: 's1', locator: '§2' }],
      placements: [{ at: 'before' }, { at: 'after' }],
    },
    {
      id: 'what',
      prompt: 'What did Alpha do?',
      options: [
        { id: 'held', label: 'Held', correct: true },
        { id: 'struck', label: 'Struck' },
        { id: 'left', label: 'Left' },
      ],
      explanation: 'EXPLANATION-WHAT',
      sources: [{ source: 's1' }],
      placements: [{ at: 'node', node: 'a1' }],
    },
    {
      id: 'both',
      prompt: 'Which were sides?',
      options: [
        { id: 'a', label: 'Alpha', correct: true },
        { id: 'b', label: 'Beta', correct: true },
        { id: 'c', label: 'Gamma' },
      ],
      explanation: 'EXPLANATION-BOTH',
      sources: [{ source: 's1' }],
      placements: [{ at: 'before' }, { at: 'after' }],
    },
  ];
  return s;
}
