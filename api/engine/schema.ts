import { z } from 'zod';
import { END, LIMITS } from './constants';
import { conditionDepth, DEPTH } from './depth';

export { LIMITS };

const id = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(
    /^[a-z0-9][a-z0-9_-]*$/,
    'Use lower-case letters, digits, "-" and "_" (starting with a letter or digit).',
  );
const label = z.string().trim().min(1).max(LIMITS.label);
const shortText = z.string().max(LIMITS.shortText);
const markdown = z.string().max(LIMITS.markdown);

/** A reference to a source, with the passage or section it rests on. */
export const sourceRefSchema = z.object({
  source: id.describe('The id of an entry in `sources`.'),
  locator: shortText.optional().describe('Where in the source: a section, page or paragraph.'),
});

export const sourceSchema = z.object({
  id,
  title: label,
  publisher: label.optional(),
  date: z.string().max(40).optional(),
  // Only web links: a javascript: or data: URL would run or smuggle content wherever an export is opened.
  url: z
    .url({ protocol: /^https?$/, error: 'Use an http: or https: link.' })
    .max(2_000)
    .optional(),
  reliability: z
    .enum(['A', 'B', 'C'])
    .optional()
    .describe(
      'A: wire service or major outlet; B: national or state media; C: aggregator, blog or partisan outlet.',
    ),
  passage: shortText.optional().describe("The cited passage, or a summary of it in the author's words."),
});

/** A test on the run's state; conditions nest with all / any / not. */
export type Condition =
  | { metric: string; op: '<' | '<=' | '>' | '>=' | '==' | '!='; value: number }
  | { flag: string; is: boolean }
  | { chose: string }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * A condition, with all / any / not nested at most `DEPTH.condition` deep (the engine evaluates it recursively).
 * Checked at every level but reported once, where the nesting first passes the cap.
 */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .union([
      z.strictObject({ metric: id, op: z.enum(['<', '<=', '>', '>=', '==', '!=']), value: z.number() }),
      z.strictObject({ flag: id, is: z.boolean() }),
      z.strictObject({ chose: id.describe('A choice id; true once that choice was made by either side.') }),
      z.strictObject({ all: z.array(conditionSchema).min(1).max(50) }),
      z.strictObject({ any: z.array(conditionSchema).min(1).max(50) }),
      z.strictObject({ not: conditionSchema }),
    ])
    .superRefine((c, ctx) => {
      if (conditionDepth(c) === DEPTH.condition + 1)
        ctx.addIssue({
          code: 'custom',
          params: { rule: 'depth' },
          message: `Conditions nest all / any / not at most ${DEPTH.condition} deep; split this one.`,
        });
    }),
);

const target = z.union([z.literal(END), id]);

/**
 * What a text presumes about the run (format version 3): a condition that must hold whenever the text is shown.
 * The engine does not read it; `npm run scenario:check` proves it on every reachable state.
 */
const presumes = conditionSchema
  .optional()
  .describe(
    'What this text presumes about the run; the verifier proves it holds on every path that shows the text.',
  );

/** A conditional fragment: a paragraph shown after the text it belongs to only while its condition holds. */
export const fragmentSchema = z.strictObject({
  when: conditionSchema.describe('Shown only while this holds (checked when the text is shown).'),
  text: markdown.min(1),
});
const fragments = (of: string) =>
  z
    .array(fragmentSchema)
    .max(20)
    .optional()
    .describe(`Paragraphs added after ${of}, each only while its condition holds (format version 3).`);

/** Where a run goes next: a node or ending id, `END`, or ordered branches with a default. */
export const nextSchema = z.union([
  target,
  z.strictObject({
    branches: z
      .array(z.strictObject({ when: conditionSchema, goto: target }))
      .min(1)
      .max(50),
    otherwise: target,
  }),
]);

export const effectsSchema = z.strictObject({
  metrics: z
    .record(id, z.number())
    .optional()
    .describe('Deltas added to metric values (then clamped to range).'),
  flags: z.record(id, z.boolean()).optional(),
});

export const choiceSchema = z.strictObject({
  id,
  label,
  detail: shortText.optional(),
  effects: effectsSchema.optional(),
  next: nextSchema,
  feedback: markdown.describe('Shown to the player after choosing: the consequence and the trade-off.'),
  feedbackIf: fragments('the feedback'),
  presumes: presumes.describe(
    'Checked on the state right after this choice: what its feedback and seenByOthers presume about the run.',
  ),
  seenByOthers: markdown
    .optional()
    .describe('What the other side sees when the counterpart makes this choice; defaults to the label.'),
  historical: z
    .boolean()
    .optional()
    .describe('True on what the real side did (or, off the historical path, the closest to it).'),
  sources: z.array(sourceRefSchema).max(20).optional(),
  justify: shortText.optional().describe('A prompt asking the player to justify this choice in a sentence.'),
});

/** How the counterpart picks at a node when the player is on the other side. */
export const counterpartSchema = z.union([
  z.strictObject({ policy: z.literal('historical') }),
  z.strictObject({
    policy: z.literal('weighted'),
    weights: z
      .array(
        z.strictObject({
          choice: id,
          weight: z.number().min(0),
          adjust: z
            .array(z.strictObject({ when: conditionSchema, add: z.number() }))
            .max(20)
            .optional()
            .describe('Added to the weight while the condition holds; a weight below 0 counts as 0.'),
        }),
      )
      .min(1),
  }),
]);

export const nodeSchema = z.strictObject({
  id,
  side: id.nullable().describe('The side that decides here, or null for a narrated event.'),
  title: label,
  body: markdown,
  bodyIf: fragments('the body'),
  presumes: presumes.describe('Checked when a run reaches the node: what its body presumes about the path.'),
  private: z.record(id, markdown).optional().describe('Extra text only that side sees.'),
  timeLimit: z
    .strictObject({ seconds: z.number().int().min(5).max(3_600), defaultChoice: id })
    .optional()
    .describe('When time runs out the default choice is made.'),
  sources: z.array(sourceRefSchema).max(20),
  choices: z.array(choiceSchema).max(12).optional(),
  next: nextSchema.optional().describe('Where a narrated event leads.'),
  counterpart: counterpartSchema.optional().describe('Defaults to the historical choice.'),
  contested: z
    .boolean()
    .optional()
    .describe(
      'The sources disagree on what the real side did here: the decision is left out of historical alignment.',
    ),
});

export const sideSchema = z.strictObject({
  id,
  label,
  actor: label.describe('Who holds this chair, e.g. "Iran\'s leadership".'),
  playable: z.boolean(),
  briefing: markdown.describe('Seen only by a player on this side.'),
});

export const metricSchema = z
  .strictObject({
    id,
    label,
    description: shortText,
    min: z.number(),
    max: z.number(),
    start: z.number(),
    owner: id.describe('A side id, or "shared" for a metric both sides see (e.g. escalation).'),
  })
  .refine((m) => m.min < m.max, { message: 'min must be below max', path: ['max'] })
  .refine((m) => m.start >= m.min && m.start <= m.max, {
    message: 'start must lie within [min, max]',
    path: ['start'],
  });

/** A passage of a debrief shown only to runs whose path satisfies its condition. */
export const pathNoteSchema = z.strictObject({
  id: id
    .optional()
    .describe("Set on a note defined once in the scenario's `pathNotes` and referenced by id."),
  when: conditionSchema.describe(
    "Checked on the run's final state; the note is shown while it holds. Never sent to the player.",
  ),
  text: markdown.min(1).describe('What this run did beside what history did (Markdown).'),
  sources: z.array(sourceRefSchema).max(20).optional(),
});

export const debriefSchema = z.strictObject({
  whatHappened: markdown.describe('What really happened: true for every run that reaches this ending.'),
  whatHappenedIf: fragments('what happened'),
  presumes: presumes.describe("Checked on the run's final state: what this side's debrief presumes."),
  pathNotes: z
    .array(
      z.union([
        id.describe("The id of a note in the scenario's `pathNotes` (format version 3)."),
        pathNoteSchema,
      ]),
    )
    .max(30)
    .optional()
    .describe(
      'Notes on the run\'s own path, shown in order after "what happened" when their condition holds.',
    ),
  analysis: markdown,
  analysisIf: fragments('the analysis'),
  questions: z.array(shortText).min(1).max(10),
});

export const endingSchema = z.strictObject({
  id,
  title: label,
  text: markdown,
  textIf: fragments("the ending's text"),
  presumes: presumes.describe("Checked on the run's final state: what the ending's text presumes."),
  when: conditionSchema
    .optional()
    .describe('Checked in order when a run reaches END; the first that holds is the ending.'),
  historical: z.boolean().optional().describe('True on the ending closest to what really happened.'),
  debrief: z.record(id, debriefSchema).describe('One debrief per side.'),
  sources: z.array(sourceRefSchema).max(20),
});

/** Where a knowledge check is asked: before play, once a node has been played, or after the ending. */
export const checkPlacementSchema = z.union([
  z.strictObject({ at: z.literal('before').describe('In the briefing, before the first decision.') }),
  z.strictObject({
    at: z.literal('node'),
    node: id.describe('A node id: asked once the run has passed it.'),
  }),
  z.strictObject({ at: z.literal('after').describe('In the debrief, once the run has ended.') }),
]);

/** A question with a right answer, scored apart from the decisions (format version 2). */
export const checkSchema = z.strictObject({
  id,
  prompt: markdown.min(1).describe('The question (Markdown).'),
  options: z
    .array(
      z.strictObject({
        id,
        label,
        correct: z.boolean().optional().describe('Never sent to the player before they answer.'),
      }),
    )
    .min(2)
    .max(6),
  explanation: markdown.min(1).describe('Shown after answering: why the right answer is right (Markdown).'),
  sources: z.array(sourceRefSchema).max(20),
  placements: z
    .array(checkPlacementSchema)
    .min(1)
    .max(3)
    .describe('Where it is asked; the same question before and after measures what the run taught.'),
});

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z
    .union([z.literal(1), z.literal(2), z.literal(3)])
    .describe(
      '2 adds `checks`; 3 adds guards (`presumes`), conditional fragments (`…If`) and shared `pathNotes`. Older files load unchanged.',
    ),
  slug: id,
  title: label,
  summary: shortText,
  estimatedMinutes: z.number().int().min(1).max(600),
  start: id,
  sides: z.array(sideSchema).min(1).max(6),
  metrics: z.array(metricSchema).min(1).max(40),
  scoring: z
    .record(id, z.record(id, z.number()))
    .describe(
      'Per side: metric id → weight. A positive weight means higher is better for that side, a negative one lower.',
    ),
  nodes: z.array(nodeSchema).min(1).max(LIMITS.listItems),
  endings: z.array(endingSchema).min(1).max(100),
  sources: z.array(sourceSchema).min(1).max(500),
  pathNotes: z
    .array(pathNoteSchema.extend({ id }))
    .max(500)
    .optional()
    .describe('Path notes defined once and referenced by id from debriefs (format version 3).'),
  checks: z
    .array(checkSchema)
    .max(100)
    .optional()
    .describe('Knowledge checks: questions with a right answer (format version 2).'),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioNode = Scenario['nodes'][number];
export type Choice = NonNullable<ScenarioNode['choices']>[number];
export type Next = Choice['next'];
export type Metric = Scenario['metrics'][number];
export type Ending = Scenario['endings'][number];
export type Side = Scenario['sides'][number];
export type Source = Scenario['sources'][number];
export type SourceRef = z.infer<typeof sourceRefSchema>;
export type Counterpart = z.infer<typeof counterpartSchema>;
export type Debrief = z.infer<typeof debriefSchema>;
export type PathNote = z.infer<typeof pathNoteSchema>;
export type Check = z.infer<typeof checkSchema>;
export type Fragment = z.infer<typeof fragmentSchema>;
export type CheckPlacement = z.infer<typeof checkPlacementSchema>;

/** The JSON Schema of the scenario file, generated from the zod schema (see docs/scenario-format.md). */
export const scenarioJsonSchema = () =>
  z.toJSONSchema(scenarioSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
