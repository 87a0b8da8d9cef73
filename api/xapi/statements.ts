/** xAPI 1.0.3 statements for decisions and finished runs: pure functions of the run, no I/O. */
import type { Scenario, Score } from '../engine';

export const XAPI_VERSION = '1.0.3';
const VERB = {
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
};

export type RunContext = {
  /** Our origin: activity and extension IRIs are under it. */
  origin: string;
  runId: string;
  /** The player: an account id, or a guest's id (never an email). */
  player: { userId: string | null; guestId: string | null };
  scenario: Scenario;
  side: string;
  cohortId: string | null;
};

const ext = (origin: string, name: string) => `${origin}/xapi/extensions/${name}`;
const scenarioActivity = (c: RunContext) => ({
  objectType: 'Activity',
  id: `${c.origin}/scenarios/${c.scenario.slug}`,
  definition: { type: 'http://adlnet.gov/expapi/activities/simulation', name: { 'en-US': c.scenario.title } },
});

/** ISO 8601 duration of milliseconds, e.g. PT12.35S. */
export const isoDuration = (ms: number) => `PT${Math.round(ms / 10) / 100}S`;

function envelope(c: RunContext, now: Date) {
  return {
    id: crypto.randomUUID(),
    actor: {
      objectType: 'Agent',
      account: { homePage: c.origin, name: c.player.userId ?? `guest:${c.player.guestId}` },
    },
    timestamp: now.toISOString(),
    context: {
      registration: c.runId,
      platform: 'Crisis Desk',
      language: 'en-US',
      contextActivities: {
        parent: [scenarioActivity(c)],
        ...(c.cohortId
          ? {
              grouping: [
                {
                  objectType: 'Activity',
                  id: `${c.origin}/cohorts/${c.cohortId}`,
                  definition: { type: 'http://adlnet.gov/expapi/activities/course' },
                },
              ],
            }
          : {}),
      },
      extensions: { [ext(c.origin, 'side')]: c.side },
    },
  };
}

const scoreParts = (result: Score) =>
  result.parts.map((p) => ({
    metric: p.metric,
    value: p.value,
    weight: p.weight,
    points: Math.round(p.points * 100) / 100,
  }));

/**
 * A decision as `answered`: the node as a cmi.interaction of type choice with its choices, the chosen id as the
 * response, and the justification, side, score parts and time taken as result extensions.
 */
export function answeredStatement(
  c: RunContext,
  d: { nodeId: string; choiceId: string; justification: string | null; timeTakenMs: number; result: Score },
  now: Date,
) {
  const node = c.scenario.nodes.find((n) => n.id === d.nodeId)!;
  const historical = node.choices?.find((choice) => choice.historical);
  const base = envelope(c, now);
  return {
    ...base,
    verb: VERB.answered,
    object: {
      objectType: 'Activity',
      id: `${c.origin}/scenarios/${c.scenario.slug}/decisions/${node.id}`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
        name: { 'en-US': node.title },
        interactionType: 'choice',
        choices: (node.choices ?? []).map((choice) => ({
          id: choice.id,
          description: { 'en-US': choice.label },
        })),
        // The historical choice stands in for "correct": what the side really did.
        ...(historical ? { correctResponsesPattern: [historical.id] } : {}),
      },
    },
    result: {
      response: d.choiceId,
      duration: isoDuration(d.timeTakenMs),
      extensions: {
        [ext(c.origin, 'justification')]: d.justification,
        [ext(c.origin, 'side')]: c.side,
        [ext(c.origin, 'score-parts')]: scoreParts(d.result),
        [ext(c.origin, 'time-taken-ms')]: d.timeTakenMs,
      },
    },
  };
}

/** A finished run as `completed` of the scenario, with the score (scaled 0–1) and the ending. */
export function completedStatement(c: RunContext, d: { result: Score; timeSpentMs: number }, now: Date) {
  const base = envelope(c, now);
  return {
    ...base,
    verb: VERB.completed,
    object: scenarioActivity(c),
    result: {
      completion: true,
      duration: isoDuration(d.timeSpentMs),
      score: { scaled: d.result.score / 100, raw: d.result.score, min: 0, max: 100 },
      extensions: {
        [ext(c.origin, 'ending')]: d.result.ending,
        [ext(c.origin, 'historical-alignment')]: d.result.historicalAlignment,
        [ext(c.origin, 'score-parts')]: scoreParts(d.result),
      },
    },
    // The scenario is the object here, so it is not also its own parent.
    context: { ...base.context, contextActivities: { ...base.context.contextActivities, parent: undefined } },
  };
}
