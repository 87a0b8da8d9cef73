import type { Scenario } from '../schema';
import type { Problem } from './problems';

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length >= 5);

/**
 * Advice on knowledge checks that measure reading rather than understanding: right answers that mostly stand in
 * the same position, and a question asked at a node whose text already contains its right answer's wording.
 */
export function checkWarnings(scenario: Scenario): Problem[] {
  const warnings: Problem[] = [];
  const checks = scenario.checks ?? [];
  const positions = new Map<number, number>();
  for (const check of checks) {
    const i = check.options.findIndex((o) => o.correct);
    if (i >= 0) positions.set(i, (positions.get(i) ?? 0) + 1);
  }
  for (const [position, count] of positions)
    if (checks.length >= 3 && count > checks.length / 2)
      warnings.push({
        path: 'checks',
        rule: 'answer-position',
        message: `${count} of ${checks.length} questions have their right answer in position ${position + 1}; vary it (players also see options shuffled).`,
      });
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  checks.forEach((check, i) => {
    for (const placement of check.placements) {
      if (placement.at !== 'node') continue;
      const node = nodes.get(placement.node);
      if (!node) continue;
      const text = new Set(words([node.body, ...(node.bodyIf ?? []).map((f) => f.text)].join(' ')));
      for (const option of check.options.filter((o) => o.correct)) {
        const w = words(option.label);
        const found = w.filter((x) => text.has(x)).length;
        if (w.length > 0 && found / w.length >= 0.75)
          warnings.push({
            path: `checks[${i}]`,
            rule: 'answer-in-text',
            message: `The right answer "${option.label}" is worded in the text of "${node.title}", where the question is asked: ask it later or make it analytical.`,
            at: { checkId: check.id, nodeId: node.id },
          });
      }
    }
  });
  return warnings;
}
