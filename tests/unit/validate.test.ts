import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../api/engine';
import { parseScenarioText, validateScenario, type ProblemRule } from '../../api/engine/validator';
import { fixtureScenario } from '../fixtures/scenarios';

/** Validates a fixture broken by `breakIt` and returns its problems. */
function problemsOf(breakIt: (s: Scenario) => void) {
  const scenario = fixtureScenario();
  breakIt(scenario);
  return validateScenario(scenario).problems;
}

const node = (s: Scenario, id: string) => s.nodes.find((n) => n.id === id)!;

function expectProblem(breakIt: (s: Scenario) => void, rule: ProblemRule, path: string, message?: RegExp) {
  const problems = problemsOf(breakIt);
  const match = problems.find((p) => p.rule === rule && p.path === path);
  expect(
    match,
    `expected a ${rule} problem at ${path}, got ${JSON.stringify(problems, null, 1)}`,
  ).toBeDefined();
  if (message) expect(match!.message).toMatch(message);
}

describe('validateScenario', () => {
  it('checks path notes: references in conditions and sources, unknown keys, and conditions no run can meet', () => {
    const standoffBeta = (s: Scenario) => s.endings[1]!.debrief.beta!;
    expectProblem(
      (s) => (standoffBeta(s).pathNotes = [{ when: { chose: 'ghost' }, text: 'T' }]),
      'missing-reference',
      'endings[1].debrief.beta.pathNotes[0].when.chose',
    );
    expectProblem(
      (s) =>
        (standoffBeta(s).pathNotes = [
          { when: { chose: 'b1-retaliate' }, text: 'T', sources: [{ source: 's9' }] },
        ]),
      'missing-reference',
      'endings[1].debrief.beta.pathNotes[0].sources[0].source',
    );
    expectProblem(
      (s) => (standoffBeta(s).pathNotes = [{ when: { chose: 'b1-retaliate' }, text: '' }]),
      'schema',
      'endings[1].debrief.beta.pathNotes[0].text',
    );
    expectProblem(
      (s) =>
        (standoffBeta(s).pathNotes = [{ when: { chose: 'b1-retaliate' }, text: 'T', condition: 1 } as never]),
      'schema',
      'endings[1].debrief.beta.pathNotes[0]',
    );
    // Playing Beta, Alpha's counterpart policy is historical: "a1-strike" can never have been chosen, though a
    // player on Alpha's side can choose it (Alpha's own notes may name it).
    expectProblem(
      (s) => (s.endings[0]!.debrief.beta!.pathNotes = [{ when: { chose: 'a1-strike' }, text: 'T' }]),
      'unsatisfiable-condition',
      'endings[0].debrief.beta.pathNotes[0].when',
    );
    const fine = problemsOf((s) => {
      standoffBeta(s).pathNotes = [
        { when: { chose: 'b1-retaliate' }, text: 'T', sources: [{ source: 's1' }] },
      ];
      s.endings[1]!.debrief.alpha!.pathNotes = [{ when: { chose: 'a1-strike' }, text: 'T' }];
    });
    expect(fine).toEqual([]);
  });

  it('passes the valid fixture with no problems', () => {
    expect(validateScenario(fixtureScenario())).toMatchObject({ ok: true, problems: [] });
  });

  it('returns every schema error, each with its path, not just the first', () => {
    const problems = problemsOf((s) => {
      (s as { title: unknown }).title = 42;
      (s.nodes[1]!.choices![0] as { label: unknown }).label = '';
      (s.metrics[0] as { min: number }).min = 500;
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['title', 'nodes[1].choices[0].label', 'metrics[0].max']),
    );
    expect(problems.every((p) => p.rule === 'schema')).toBe(true);
  });

  it('enforces size limits on fields with a clear message', () => {
    const problems = problemsOf((s) => (s.nodes[0]!.body = 'x'.repeat(9_000)));
    expect(problems[0]).toMatchObject({ path: 'nodes[0].body', rule: 'schema' });
    expect(problems[0]!.message).toMatch(/8000/);
  });

  it('accepts only http: and https: source links', () => {
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://example.org/file',
      'file:///etc/passwd',
    ]) {
      expectProblem((s) => (s.sources[0]!.url = url), 'schema', 'sources[0].url', /http: or https:/);
    }
    for (const url of ['https://example.org/report', 'http://example.org/a?b=c']) {
      expect(problemsOf((s) => (s.sources[0]!.url = url))).toEqual([]);
    }
  });

  it('finds duplicate ids, including choice ids across nodes and node/ending clashes', () => {
    expectProblem(
      (s) => (node(s, 'b1').choices![0]!.id = 'a1-hold'),
      'duplicate-id',
      'nodes[2].choices[0].id',
    );
    expectProblem(
      (s) => (s.endings[0]!.id = 'a1'),
      'duplicate-id',
      'endings[0].id',
      /already used at nodes\[1\]/,
    );
    expectProblem((s) => s.metrics.push({ ...s.metrics[0]! }), 'duplicate-id', 'metrics[3].id');
  });

  it('finds references to missing nodes, choices, metrics, sides and sources', () => {
    expectProblem(
      (s) => (node(s, 'a1').choices![0]!.next = 'nowhere'),
      'missing-reference',
      'nodes[1].choices[0].next',
    );
    expectProblem(
      (s) =>
        (node(s, 'b1').choices![1]!.next = {
          branches: [{ when: { chose: 'ghost' }, goto: 'END' }],
          otherwise: 'END',
        }),
      'missing-reference',
      'nodes[2].choices[1].next.branches[0].when.chose',
    );
    expectProblem(
      (s) => (node(s, 'a1').choices![0]!.effects = { metrics: { morale: 1 } }),
      'missing-reference',
      'nodes[1].choices[0].effects.metrics.morale',
    );
    expectProblem((s) => (node(s, 'a1').side = 'gamma'), 'missing-reference', 'nodes[1].side');
    expectProblem(
      (s) => (node(s, 'a1').sources = [{ source: 's9' }]),
      'missing-reference',
      'nodes[1].sources[0].source',
    );
    expectProblem((s) => (s.start = 'nope'), 'missing-reference', 'start');
    expectProblem(
      (s) => delete s.endings[0]!.debrief.beta,
      'missing-reference',
      'endings[0].debrief',
      /Beta/,
    );
  });

  it('finds unreachable nodes', () => {
    expectProblem(
      (s) =>
        s.nodes.push({
          ...structuredClone(node(s, 'a1')),
          id: 'orphan',
          title: 'Orphan',
          choices: [{ ...node(s, 'a1').choices![0]!, id: 'orphan-c' }],
        }),
      'unreachable-node',
      'nodes[3]',
      /Orphan/,
    );
  });

  it('finds dead ends: a decision without choices, an event without next', () => {
    expectProblem((s) => (node(s, 'b1').choices = []), 'dead-end', 'nodes[2]');
    expectProblem((s) => delete node(s, 'intro').next, 'dead-end', 'nodes[0]');
  });

  it('finds loops that cannot end', () => {
    expectProblem(
      (s) => {
        s.nodes.push({
          id: 'loop',
          side: null,
          title: 'Loop',
          body: '',
          sources: [{ source: 's1' }],
          next: 'loop2',
        });
        s.nodes.push({
          id: 'loop2',
          side: 'beta',
          title: 'Loop 2',
          body: '',
          sources: [{ source: 's1' }],
          choices: [{ id: 'l2', label: 'Again', historical: true, feedback: '', next: 'loop' }],
        });
        node(s, 'a1').choices![1]!.next = 'loop';
      },
      'endless-loop',
      'nodes[3]',
    );
  });

  it('finds endings that no run reaches', () => {
    expectProblem(
      (s) => (node(s, 'b1').choices![1]!.next = 'END'),
      'unreachable-ending',
      'endings[2]',
      /Spiral/,
    );
  });

  it('finds conditions that no reachable state satisfies', () => {
    expectProblem(
      (s) =>
        (node(s, 'b1').choices![1]!.next = {
          branches: [{ when: { metric: 'tension', op: '>', value: 95 }, goto: 'spiral' }],
          otherwise: 'END',
        }),
      'unsatisfiable-condition',
      'nodes[2].choices[1].next.branches[0].when',
    );
    expectProblem(
      (s) => (s.endings[0]!.when = { metric: 'tension', op: '<', value: 40 }),
      'unsatisfiable-condition',
      'endings[0].when',
    );
  });

  it('finds a run that can reach END with no ending to match', () => {
    expectProblem(
      (s) => {
        s.endings[1]!.when = { flag: 'struck', is: true };
        s.endings[2]!.when = { metric: 'tension', op: '>=', value: 80 };
      },
      'no-matching-ending',
      'endings',
    );
  });

  it('finds metrics pushed out of range on some path', () => {
    expectProblem(
      (s) => (node(s, 'b1').choices![1]!.effects = { metrics: { tension: 40 } }),
      'metric-out-of-range',
      'nodes[2].choices[1].effects.metrics.tension',
      /above its maximum 100 \(to 110\)/,
    );
  });

  it('finds decisions with no historical choice, or more than one', () => {
    expectProblem(
      (s) => delete node(s, 'a1').choices![0]!.historical,
      'no-historical-choice',
      'nodes[1].choices',
    );
    expectProblem(
      (s) => (node(s, 'a1').choices![1]!.historical = true),
      'no-historical-choice',
      'nodes[1].choices',
      /2 choices/,
    );
  });

  it('finds nodes and endings that cite nothing', () => {
    expectProblem((s) => (node(s, 'a1').sources = []), 'uncited', 'nodes[1].sources');
    expectProblem((s) => (s.endings[0]!.sources = []), 'uncited', 'endings[0].sources');
  });

  it('rejects a scenario over the size limit before parsing it', () => {
    const problems = problemsOf((s) => {
      for (let i = 0; i < 400; i++) s.sources.push({ id: `x${i}`, title: 'T', passage: 'p'.repeat(999) });
      for (let i = 0; i < 1_700; i++)
        s.nodes.push({ ...structuredClone(node(s, 'intro')), id: `n${i}`, body: 'b'.repeat(1_000) });
    });
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'size', message: expect.stringMatching(/limit is 1.5 MB/) }),
    ]);
  });
});

describe('parseScenarioText', () => {
  it('reports bad JSON with its line and column', () => {
    const result = parseScenarioText('{\n  "title": "x",\n  "nodes": [1, 2,]\n}');
    expect(result).toMatchObject({
      ok: false,
      problem: { rule: 'json', message: 'Invalid JSON at line 3, column 18: a trailing comma before "]".' },
    });
  });

  it('parses valid JSON', () => {
    expect(parseScenarioText('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
  });
});

describe('docs/scenario.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (run npm run scenario:schema after changing it)', async () => {
    const { readFileSync } = await import('node:fs');
    const { scenarioJsonSchema } = await import('../../api/engine/validator');
    const committed = JSON.parse(
      readFileSync(new URL('../../docs/scenario.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});
