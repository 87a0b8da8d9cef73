import type { Problem } from '../../../api/engine/validator';

/**
 * The validator speaks in rules and paths into the file (`schema`, `nodes[1].choices[2].label`); authors see forms.
 * These turn a problem into words and name the field as the form labels it ("Decision “Talks” › Choice 3 › Label").
 */

/** Each rule as a short heading an author understands. */
export const RULE_TEXT: Record<Problem['rule'], string> = {
  json: 'Not a readable file',
  schema: 'Missing or not valid',
  size: 'Too large',
  depth: 'Nested too deep',
  'duplicate-id': 'Id used twice',
  'missing-reference': 'Points to nothing',
  structure: 'Not set up right',
  'unreachable-node': 'No way to get here',
  'dead-end': 'Dead end',
  'endless-loop': 'Endless loop',
  'unreachable-ending': 'Ending never reached',
  'unsatisfiable-condition': 'Condition never true',
  'no-matching-ending': 'No ending fits',
  'metric-out-of-range': 'Indicator out of range',
  'no-historical-choice': 'History not marked',
  uncited: 'No source cited',
  'no-correct-option': 'No right answer marked',
  'guard-violated': 'Text contradicts a path',
  'empty-text': 'Text empty on a path',
  'fragment-never-shown': 'Fragment never shown',
  'walk-incomplete': 'Too large to prove',
  'answer-position': 'Right answers in one place',
  'answer-in-text': 'Answer given in the text',
};

/** The form's label for each field name in the file. */
const FIELD_TEXT: Record<string, string> = {
  id: 'Id',
  slug: 'Slug',
  title: 'Title',
  summary: 'Summary',
  label: 'Label',
  actor: 'Actor',
  briefing: 'Briefing',
  body: 'Text',
  detail: 'Detail',
  private: 'Only this side knows',
  justify: 'Justification prompt',
  feedback: 'What follows',
  seenByOthers: 'What the other side sees',
  next: 'Leads to',
  start: 'Starting point',
  side: 'Deciding side',
  sides: 'Sides',
  metrics: 'Indicators',
  scoring: 'Scoring',
  nodes: 'Decisions and events',
  endings: 'Endings',
  sources: 'Sources',
  choices: 'Choices',
  effects: 'Effects',
  condition: 'Condition',
  historical: 'What really happened',
  description: 'Description',
  publisher: 'Publisher',
  url: 'Address (URL)',
  min: 'Lowest value',
  max: 'Highest value',
  initial: 'Starting value',
  weight: 'Weight',
  estimatedMinutes: 'Estimated minutes',
  whatHappened: 'What happened',
  analysis: 'Analysis',
  text: 'Text',
  passage: 'Passage',
  locator: 'Where in the source',
  debrief: 'Debrief',
  checks: 'Questions',
  prompt: 'Question',
  options: 'Options',
  correct: 'Right',
  explanation: 'Explanation',
  placements: 'Where it is asked',
};

type Named = { id?: unknown; title?: unknown; label?: unknown; kind?: unknown };

/** An item by its title or label when it has one ("Decision “Talks”"), by its place otherwise ("Choice 3"). */
const named = (item: Named | undefined, word: string, n: number) => {
  const name =
    typeof item?.title === 'string' && item.title.trim()
      ? item.title
      : typeof item?.label === 'string' && item.label.trim()
        ? item.label
        : '';
  return name ? `${word} “${name.length > 40 ? `${name.slice(0, 39)}…` : name}”` : `${word} ${n}`;
};

const LIST_TEXT: Record<string, (item: Named | undefined, n: number) => string> = {
  nodes: (item, n) => named(item, item?.kind === 'event' ? 'Event' : 'Decision', n),
  choices: (_item, n) => `Choice ${n}`,
  endings: (item, n) => named(item, 'Ending', n),
  sides: (item, n) => named(item, 'Side', n),
  metrics: (item, n) => named(item, 'Indicator', n),
  sources: (item, n) => named(item, 'Source', n),
  checks: (_item, n) => `Question ${n}`,
  options: (item, n) => named(item, 'Option', n),
};

const humanise = (key: string) =>
  FIELD_TEXT[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

/**
 * Where a problem is, as the author sees it: `nodes[1].choices[2].label` → `Decision “Talks” › Choice 3 › Label`.
 * @example whereIs('title', scenario) // 'Title'
 */
export function whereIs(path: string, scenario: unknown): string {
  if (!path) return 'The whole scenario';
  const parts: string[] = [];
  let here: unknown = scenario;
  let listName = '';
  for (const [, key, index] of path.matchAll(/\.?([^.[\]]+)|\[(\d+)\]/g)) {
    if (index !== undefined) {
      // An item of a list replaces the list's name: "Choices" › "Choice 3".
      const item = Array.isArray(here) ? (here[Number(index)] as Named | undefined) : undefined;
      parts.pop();
      parts.push(
        LIST_TEXT[listName]?.(item, Number(index) + 1) ?? `${humanise(listName)} ${Number(index) + 1}`,
      );
      here = item;
    } else {
      listName = key!;
      parts.push(humanise(key!));
      here = here && typeof here === 'object' ? (here as Record<string, unknown>)[key!] : undefined;
    }
  }
  return parts.join(' › ');
}

/** What is wrong, in words. Schema messages come from zod; the others are already written for authors. */
export function problemText(problem: Problem): string {
  if (problem.rule !== 'schema') return problem.message;
  const field = problem.path.match(/([^.[\]]+)(?:\[\d+\])?$/)?.[1] ?? '';
  const parent = problem.path.match(/([^.[\]]+)\[\d+\]\.[^.[\]]+$/)?.[1];
  const what =
    parent === 'choices'
      ? 'A choice'
      : parent === 'nodes'
        ? 'A decision'
        : parent === 'endings'
          ? 'An ending'
          : parent === 'sides'
            ? 'A side'
            : parent === 'metrics'
              ? 'An indicator'
              : parent === 'sources'
                ? 'A source'
                : 'This';
  const name = humanise(field).toLowerCase();
  const m = problem.message;
  if (
    /expected string to have >=1 characters/.test(m) ||
    (/received undefined/.test(m) && /expected string/.test(m))
  )
    return `${what} needs ${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}.`;
  if (/Too small: expected array/.test(m))
    return `${humanise(field)} needs at least ${m.match(/>=(\d+)/)?.[1] ?? 'one'} item${m.match(/>=(\d+)/)?.[1] === '1' ? '' : 's'}.`;
  if (/Too big: expected string/.test(m))
    return `${humanise(field)} is too long: at most ${m.match(/<=(\d+)/)?.[1] ?? 'the limit of'} characters.`;
  if (/Too big: expected array/.test(m))
    return `${humanise(field)} has too many items: at most ${m.match(/<=(\d+)/)?.[1] ?? 'the limit'}.`;
  if (/Too (small|big): expected number/.test(m))
    return `${humanise(field)} must be ${/small/.test(m) ? 'at least' : 'at most'} ${m.match(/[<>]=?\s*(-?[\d.]+)/)?.[1] ?? 'the limit'}.`;
  if (/received undefined/.test(m)) return `${humanise(field)} is missing.`;
  if (/Invalid option/.test(m))
    return `${humanise(field)}: choose one of ${m.match(/one of (.*)$/)?.[1]?.replace(/\|/g, ', ') ?? 'the listed values'}.`;
  if (/Invalid string: must match pattern/.test(m))
    return `${humanise(field)} may hold only lower-case letters, digits, - and _, starting with a letter or digit.`;
  if (/expected number/.test(m)) return `${humanise(field)} must be a number.`;
  if (/Unrecognized key/.test(m))
    return `The file has a field the format does not know: ${m.match(/"([^"]+)"/)?.[1] ?? ''}.`;
  return `${humanise(field) || 'This'}: ${m.replace(/^Invalid input: /, '')}`;
}
