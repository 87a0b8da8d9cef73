import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../api/engine/validator';
import { problemText, RULE_TEXT, whereIs } from '../../web/src/studio/problem-text';
import { fixtureScenario } from '../fixtures/scenarios';

describe("the studio's problems in words", () => {
  it('says a missing choice label as "A choice needs a label" and names the field as the form does', () => {
    const scenario = fixtureScenario();
    const node = scenario.nodes.findIndex((n) => (n.choices?.length ?? 0) > 0);
    (scenario.nodes[node]!.choices![0] as { label: string }).label = '';
    const problem = validateScenario(scenario).problems.find(
      (p) => p.path === `nodes[${node}].choices[0].label`,
    )!;
    expect(problem.message).not.toBe('A choice needs a label.');
    expect(problemText(problem)).toBe('A choice needs a label.');
    expect(RULE_TEXT[problem.rule]).toBe('Missing or not valid');
    expect(whereIs(problem.path, scenario)).toBe(
      `Decision “${scenario.nodes[node]!.title}” › Choice 1 › Label`,
    );
  });

  it('keeps the words of the rules already written for authors, and names top-level fields', () => {
    const scenario = { ...fixtureScenario(), start: 'nowhere' };
    const problem = validateScenario(scenario).problems.find((p) => p.path === 'start')!;
    expect(problemText(problem)).toBe(problem.message);
    expect(whereIs('start', scenario)).toBe('Starting point');
    expect(whereIs('', scenario)).toBe('The whole scenario');
    expect(whereIs('endings[0].title', scenario)).toBe(`Ending “${scenario.endings[0]!.title}” › Title`);
  });
});
