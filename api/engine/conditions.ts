import type { Condition } from './schema';

/** What a condition can look at. */
export type ConditionContext = {
  metrics: Readonly<Record<string, number>>;
  flags: Readonly<Record<string, boolean>>;
  chosen: ReadonlySet<string>;
};

/**
 * Evaluates a condition on a run's state. An unset flag is false; an unknown metric never matches.
 * @example holds({ metric: 'escalation', op: '>=', value: 60 }, state) // true when escalation ≥ 60
 */
export function holds(condition: Condition, ctx: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, ctx));
  if ('any' in condition) return condition.any.some((c) => holds(c, ctx));
  if ('not' in condition) return !holds(condition.not, ctx);
  if ('flag' in condition) return (ctx.flags[condition.flag] ?? false) === condition.is;
  if ('chose' in condition) return ctx.chosen.has(condition.chose);
  const value = ctx.metrics[condition.metric];
  if (value === undefined) return false;
  switch (condition.op) {
    case '<':
      return value < condition.value;
    case '<=':
      return value <= condition.value;
    case '>':
      return value > condition.value;
    case '>=':
      return value >= condition.value;
    case '==':
      return value === condition.value;
    case '!=':
      return value !== condition.value;
  }
}
