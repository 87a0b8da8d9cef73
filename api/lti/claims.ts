/**
 * LTI 1.3 claim names, roles and the pure rules of a launch and a grade (no Hono, no D1): what the id_token must
 * carry beyond its signature, which of our roles an LMS role becomes, and the AGS score a finished run earns.
 */
import { z } from 'zod';
import type { Scenario, Score } from '../engine';
import type { Grade } from '../lib/grade';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
} as const;

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  membershipReadonly: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

export const SCORE_CONTENT_TYPE = 'application/vnd.ims.lis.v1.score+json';
export const MEMBERSHIPS_CONTENT_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/** One member of an NRPS membership container (the fields we use). */
export const membershipSchema = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string()),
  status: z.enum(['Active', 'Inactive', 'Deleted']).optional(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
});
export const membershipContainerSchema = z.object({ members: z.array(z.unknown()) });

/** The message types this tool answers. */
export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

/** The launch claims we rely on, checked after the signature, issuer, audience and times (jose) and the nonce. */
export const launchClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  [CLAIM.version]: z.literal('1.3.0'),
  [CLAIM.messageType]: z.enum(MESSAGE_TYPES),
  [CLAIM.deploymentId]: z.string().min(1).max(255),
  [CLAIM.roles]: z.array(z.string()),
  [CLAIM.targetLinkUri]: z.url().max(2_000).optional(),
  // Required of a resource link launch (checked in the route); a deep-linking request has none.
  [CLAIM.resourceLink]: z
    .object({ id: z.string().min(1).max(255), title: z.string().max(500).optional() })
    .optional(),
  [CLAIM.deepLinkingSettings]: z
    .object({
      deep_link_return_url: z.url().max(2_000),
      accept_types: z.array(z.string()),
      accept_presentation_document_targets: z.array(z.string()).optional(),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4_000).optional(),
    })
    .optional(),
  [CLAIM.context]: z
    .object({
      id: z.string().min(1).max(255),
      title: z.string().max(500).optional(),
      label: z.string().max(500).optional(),
    })
    .optional(),
  [CLAIM.custom]: z
    .object({
      scenario: slug.optional(),
      side: slug.optional(),
      due: z.iso.datetime({ offset: true }).optional(),
    })
    .catchall(z.unknown())
    .optional(),
  [CLAIM.nrps]: z
    .object({ context_memberships_url: z.url(), service_versions: z.array(z.string()).optional() })
    .optional(),
  [CLAIM.ags]: z
    .object({
      scope: z.array(z.string()).optional(),
      lineitem: z.url().optional(),
      lineitems: z.url().optional(),
    })
    .optional(),
});
export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/**
 * Which scenario and side a resource link opens: its custom parameters, or else the query of its target link URI
 * (an LMS without per-link custom parameters can point a link at `/api/lti/launch?scenario=...&side=...`).
 */
export function scenarioOfLink(claims: LaunchClaims): { scenario?: string; side?: string; due?: string } {
  const custom = claims[CLAIM.custom];
  if (custom?.scenario)
    return {
      scenario: custom.scenario,
      ...(custom.side ? { side: custom.side } : {}),
      ...(custom.due ? { due: custom.due } : {}),
    };
  const target = claims[CLAIM.targetLinkUri];
  if (!target) return {};
  const query = new URL(target).searchParams;
  const parsed = z.object({ scenario: slug.optional(), side: slug.optional() }).safeParse({
    scenario: query.get('scenario') ?? undefined,
    side: query.get('side') ?? undefined,
  });
  return parsed.success ? parsed.data : {};
}

/** What a person is in a course, from the roles of a launch or a roster entry (see courseRoleOf). */
export type CourseRole = 'teacher' | 'learner' | 'mentor';

// LIS context roles that teach here: instructors, their teaching-assistant sub-role, and content developers (who
// build the course). Administrator, Mentor and anything unknown do not teach.
const TEACHING = new Set(['Instructor', 'TeachingAssistant', 'ContentDeveloper']);

/**
 * The course role a list of LTI roles gives, as LTI 1.3 and LIS v2 define them: Instructor, TeachingAssistant (the
 * Instructor sub-role) and ContentDeveloper teach; Learner plays; Mentor (how LMSs send observers and parents)
 * alone is a mentor, who sees nothing here; anything else plays as a student. Context roles count in the full
 * membership vocabulary (principal `membership#X` or sub-role `membership/X#Y`) or LTI 1.3's short form (`X`);
 * institution and system roles never make anyone teach.
 * @example courseRoleOf(['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor']) // 'mentor'
 */
export function courseRoleOf(roles: readonly string[]): CourseRole {
  const names = new Set<string>();
  for (const role of roles) {
    const full = /^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/membership(?:\/(\w+))?#(\w+)$/.exec(role);
    if (full) {
      names.add(full[2]!);
      // A sub-role's principal is implied (LTI 1.3 Core A.2.2.2); a TA is an instructor's sub-role.
      if (full[1] && full[1] !== 'Instructor') names.add(full[1]);
    } else if (/^\w+$/.test(role)) names.add(role);
  }
  if ([...names].some((n) => TEACHING.has(n))) return 'teacher';
  if (names.has('Learner')) return 'learner';
  if (names.has('Mentor')) return 'mentor';
  return 'learner';
}

/**
 * Whether the roles make the user teach the course (see courseRoleOf).
 * @example teachesContext(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']) // true
 */
export const teachesContext = (roles: readonly string[]): boolean => courseRoleOf(roles) === 'teacher';

/** The display name from a launch's claims, with a neutral fallback (the LMS may withhold names). */
export function displayNameOf(claims: Pick<LaunchClaims, 'name' | 'given_name' | 'family_name'>): string {
  const name =
    claims.name?.trim() || [claims.given_name, claims.family_name].filter(Boolean).join(' ').trim();
  return (name || 'LMS user').slice(0, 80);
}

/** A knowledge score as the comment gives it: how many questions were right at their latest answer, of how many. */
type KnowledgeTally = { answered: number; correct: number; counted: number };

/**
 * The comment sent with a grade: the ending and the score's parts, so the gradebook explains itself; with the
 * knowledge checks' tally when the run has answers, and the figure graded on when it is not the decision score.
 * @example gradeComment(scenario, result, 'knowledge', { answered: 4, correct: 3, counted: 9 }) // '… Knowledge checks 3/9 right (5 unanswered). Graded on the knowledge score.'
 */
export function gradeComment(
  scenario: Scenario,
  result: Score,
  grade: Grade,
  checks: KnowledgeTally,
): string {
  const ending = scenario.endings.find((e) => e.id === result.ending)?.title ?? result.ending ?? 'none';
  const labels = new Map(scenario.metrics.map((m) => [m.id, m.label]));
  const parts = result.parts
    .map((p) => `${labels.get(p.metric) ?? p.metric} ${Math.round(p.points)}`)
    .join(', ');
  const alignment =
    result.historicalAlignment === null ? 'n/a' : `${Math.round(result.historicalAlignment * 100)}%`;
  const knowledge =
    checks.answered > 0 || grade === 'knowledge'
      ? ` Knowledge checks ${checks.correct}/${checks.counted} right${checks.counted > checks.answered ? ` (${checks.counted - checks.answered} unanswered)` : ''}.`
      : '';
  const graded = grade === 'score' ? '' : ` Graded on ${GRADED_ON[grade]}.`;
  return `Ending: ${ending}. Score ${result.score}/100 (${parts}). Historical alignment ${alignment}.${knowledge}${graded}`.slice(
    0,
    1000,
  );
}

const GRADED_ON: Record<Exclude<Grade, 'score'>, string> = {
  knowledge: 'the knowledge score',
  alignment: 'historical alignment',
  completion: 'completion',
};

/** The AGS score body (application/vnd.ims.lis.v1.score+json) for a finished run. */
export function scoreBody(args: { userId: string; scoreGiven: number; comment: string; timestamp: Date }) {
  return {
    userId: args.userId,
    scoreGiven: args.scoreGiven,
    scoreMaximum: 100,
    comment: args.comment,
    timestamp: args.timestamp.toISOString(),
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
  };
}

/**
 * The scores endpoint of a line item: `/scores` appended to its path, its query kept (AGS 3.4).
 * @example scoresUrl('https://lms.example/li/7?type=x') // 'https://lms.example/li/7/scores?type=x'
 */
export function scoresUrl(lineItem: string): string {
  const url = new URL(lineItem);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/**
 * The LtiDeepLinkingResponse claims for one picked scenario: an ltiResourceLink launching it with its custom
 * parameters, and a line item out of 100 so the LMS makes a gradebook column (LTI Deep Linking 2.0, 3.1 and 4.2).
 */
export function deepLinkingResponse(args: {
  deploymentId: string;
  data: string | null;
  launchUrl: string;
  scenario: { slug: string; title: string };
  side: { id: string; label: string } | null;
  due: Date | null;
}) {
  const title = args.side ? `${args.scenario.title} (as ${args.side.label})` : args.scenario.title;
  const item = {
    type: 'ltiResourceLink',
    title,
    url: args.launchUrl,
    custom: {
      scenario: args.scenario.slug,
      ...(args.side ? { side: args.side.id } : {}),
      ...(args.due ? { due: args.due.toISOString() } : {}),
    },
    lineItem: { scoreMaximum: 100, label: title, resourceId: args.scenario.slug },
    ...(args.due ? { submission: { endDateTime: args.due.toISOString() } } : {}),
  };
  return {
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: args.deploymentId,
    [CLAIM.contentItems]: [item],
    ...(args.data !== null ? { [CLAIM.deepLinkingData]: args.data } : {}),
  };
}
